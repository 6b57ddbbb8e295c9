// The push job table's queries for the dispatcher (PushDispatcher.ts): claiming due jobs with a
// lease, when the next one falls due, and deleting dead ones past their retention.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { ClaimedJob } from './PushOutcomes.js';

/** How long a claimed batch is a dispatcher's own before another may take it over. */
const LEASE_MS = 5 * 60 * 1000;
/** Dead jobs are kept this long for operators to inspect, then deleted. */
export const DEAD_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Moves up to `limit` due jobs (pending and due, or sending with a lapsed lease) to 'sending'
 * with a lease, in one statement; on PostgreSQL the candidates are picked FOR UPDATE SKIP
 * LOCKED, so instances never claim the same job.
 */
export async function claimDueJobs(
  database: DatabaseHandle,
  now: number,
  limit: number,
): Promise<ClaimedJob[]> {
  const { db } = database;
  const due = db
    .selectFrom('push_jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .limit(limit)
    .$if(database.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
  const rows = await db
    .updateTable('push_jobs')
    .set((eb) => ({
      state: 'sending',
      lease_until: now + LEASE_MS,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', due)
    .returning([
      'id',
      'subscription_id',
      'notebook_id',
      'version',
      'changes',
      'by_name',
      'attempts',
      'created_at',
      'kind',
      'entry_id',
    ])
    .execute();
  return rows.map((row) => ({
    ...row,
    version: Number(row.version),
    created_at: Number(row.created_at),
  }));
}

/** When the earliest pending job is due (Infinity: none is). */
export async function nextJobDueAt(database: DatabaseHandle): Promise<number> {
  const row = await database.db
    .selectFrom('push_jobs')
    .select((eb) => eb.fn.min<number>('next_attempt_at').as('due'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? Infinity : Number(row.due);
}

/** Deletes dead jobs older than DEAD_JOB_RETENTION_MS; how many went. */
export async function deleteOldDeadJobs(database: DatabaseHandle, now: number): Promise<number> {
  const result = await database.db
    .deleteFrom('push_jobs')
    .where('state', '=', 'dead')
    .where('updated_at', '<', now - DEAD_JOB_RETENTION_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
