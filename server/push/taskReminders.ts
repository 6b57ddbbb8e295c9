// Reminders of tasks that fall due. The `due` field of an entry (migration 008) is mirrored in
// task_reminders by the change's own transaction (syncTaskReminders, from PushBatch.flush), so a
// reminder is scheduled, moved or cancelled exactly when the change commits:
//
//   due set, not done ──▶ waiting (sent_at null) ──due time──▶ sent (sent_at set) ─┐
//        ▲                  │  ▲                                                    │
//        │                  │  └── due time changed: waiting again ◀────────────────┘
//        │                  └── done, deleted or due cleared: row removed (and any reminder
//        │                      job not yet sent with it)
//        └── a due time already past when set: stored as sent (the list says "Overdue")
//
// releaseDueReminders, run by every dispatcher before it claims jobs, turns waiting rows whose
// time has come into push jobs — one per device with alerts on for the notebook (the person who
// set it included) — and marks them sent, in one transaction. On PostgreSQL the rows are picked
// FOR UPDATE SKIP LOCKED and the update re-checks `sent_at is null`, so with several instances a
// reminder is fanned out once. Delivery then is the push pipeline's (retries, pruning, stats).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import type { EntryRow } from '../sync/entryRow.js';

/** Reminders fanned out per transaction. */
const RELEASE_BATCH = 100;

/**
 * Brings the reminders of `rows` (entries this transaction wrote whose due time, done state or
 * existence may have changed) in line with them.
 */
export async function syncTaskReminders(
  tx: Transaction<Database> | Kysely<Database>,
  rows: readonly EntryRow[],
  now: number,
): Promise<void> {
  const cancelled: string[] = [];
  const moved: string[] = [];
  for (const row of rows) {
    const live = Number(row.deleted) === 0 && Number(row.done) === 0 && row.due_at !== null;
    if (!live) {
      cancelled.push(row.id);
      continue;
    }
    const dueAt = Number(row.due_at);
    const setAt = Number(row.updated_at);
    const result = await tx
      .insertInto('task_reminders')
      .values({
        entry_id: row.id,
        notebook_id: row.notebook_id,
        due_at: dueAt,
        // Set for a time already past (an overdue date typed in): nothing to remind of.
        sent_at: dueAt <= setAt ? setAt : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict
          .column('entry_id')
          .doUpdateSet({
            due_at: (eb) => eb.ref('excluded.due_at'),
            sent_at: (eb) => eb.ref('excluded.sent_at'),
            updated_at: (eb) => eb.ref('excluded.updated_at'),
          })
          // The same due time (a title edit, say) keeps a reminder already sent as sent.
          .where(sql<boolean>`task_reminders.due_at <> excluded.due_at`),
      )
      .executeTakeFirst();
    // Scheduled anew (or for the first time): a reminder of the old time not yet out is stale.
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) moved.push(row.id);
  }
  if (cancelled.length > 0) {
    await tx.deleteFrom('task_reminders').where('entry_id', 'in', cancelled).execute();
  }
  const stale = [...cancelled, ...moved];
  if (stale.length === 0) return;
  await tx
    .deleteFrom('push_jobs')
    .where('kind', '=', 'reminder')
    .where('entry_id', 'in', stale)
    .where('state', '=', 'pending')
    .execute();
}

export interface ReleasedReminders {
  reminders: number;
  jobs: number;
}

/** Fans the reminders due by `now` out into push jobs (see the top of this file). */
export async function releaseDueReminders(
  database: DatabaseHandle,
  now: number,
  limit = RELEASE_BATCH,
): Promise<ReleasedReminders> {
  return database.db.transaction().execute(async (tx) => {
    const due = tx
      .selectFrom('task_reminders')
      .select('entry_id')
      .where('sent_at', 'is', null)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .$if(database.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
    const claimed = await tx
      .updateTable('task_reminders')
      .set({ sent_at: now, updated_at: now })
      .where('entry_id', 'in', due)
      .where('sent_at', 'is', null)
      .returning('entry_id')
      .execute();
    if (claimed.length === 0) return { reminders: 0, jobs: 0 };
    const ids = claimed.map((row) => row.entry_id);
    const result = await sql`
      insert into push_jobs
        (subscription_id, notebook_id, version, changes, by_name, state, attempts,
         next_attempt_at, created_at, updated_at, kind, entry_id)
      select s.id, e.notebook_id, e.version, 1, null, 'pending', 0,
        cast(${now} as bigint), cast(${now} as bigint), cast(${now} as bigint), 'reminder', e.id
      from task_reminders r
      join entries e on e.id = r.entry_id
      join notebooks n on n.id = e.notebook_id
      join memberships m on m.notebook_id = e.notebook_id
      join push_subscriptions s on s.user_id = m.user_id
      join sessions on sessions.id = s.session_id
      where r.entry_id in (${sql.join(ids)})
        and e.deleted = 0 and e.done = 0 and e.due_at = r.due_at
        and n.deleted_at is null
        and sessions.expires_at > ${now}
        and not exists (
          select 1 from push_muted_notebooks muted
          where muted.session_id = s.session_id and muted.notebook_id = e.notebook_id
        )
    `.execute(tx);
    return { reminders: claimed.length, jobs: Number(result.numAffectedRows ?? 0n) };
  });
}

/** When the next waiting reminder is due (Infinity: none). */
export async function nextReminderAt(database: DatabaseHandle): Promise<number> {
  const row = await database.db
    .selectFrom('task_reminders')
    .select((eb) => eb.fn.min<number>('due_at').as('due'))
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? Infinity : Number(row.due);
}
