// Fan-out for a change, in its transaction: one durable push job per subscription of every member of the
// notebook, except the subscription of the session that made the change (its device already
// has the change) and those whose session muted the notebook (push_muted_notebooks). A job still pending for the same subscription and notebook absorbs the new
// change instead (newer version, one more change, the latest writer's name), so a burst of
// changes becomes one poke per device. One INSERT … SELECT … ON CONFLICT per notebook, whatever
// the number of devices.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface PokeCause {
  notebookId: string;
  version: number;
}

export interface PokeWriter {
  sessionId: string;
  /** Display name shown in the notification ("Ana changed Field notes"). */
  name: string;
}

/**
 * Enqueues (or coalesces) the pokes for one change; returns the jobs touched. Run it in the
 * change's own transaction, so the jobs commit with it. A new job is due at `dueAt`; one that
 * absorbs the change keeps its own due time.
 */
export async function enqueuePokes(
  db: Kysely<Database>,
  cause: PokeCause,
  writer: PokeWriter,
  now = Date.now(),
  dueAt = now,
): Promise<number> {
  const result = await sql`
    insert into push_jobs
      (subscription_id, notebook_id, version, changes, by_name, state, attempts,
       next_attempt_at, created_at, updated_at)
    select s.id, m.notebook_id, cast(${cause.version} as bigint), 1, cast(${writer.name} as text),
      'pending', 0, cast(${dueAt} as bigint), cast(${now} as bigint), cast(${now} as bigint)
    from memberships m
    join push_subscriptions s on s.user_id = m.user_id
    join sessions on sessions.id = s.session_id
    where m.notebook_id = ${cause.notebookId}
      and s.session_id <> ${writer.sessionId}
      and sessions.expires_at > ${now}
      and not exists (
        select 1 from push_muted_notebooks muted
        where muted.session_id = s.session_id and muted.notebook_id = m.notebook_id
      )
    on conflict (subscription_id, notebook_id) where state = 'pending' and kind = 'poke'
    do update set
      version = case when excluded.version > push_jobs.version
        then excluded.version else push_jobs.version end,
      changes = push_jobs.changes + 1,
      by_name = excluded.by_name,
      updated_at = excluded.updated_at
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
