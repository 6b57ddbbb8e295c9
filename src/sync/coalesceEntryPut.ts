// Consecutive edits of one entry, made while none of them has been sent, travel as one mutation:
// an editor that saves as the person types would otherwise queue one `entry.put` per pause.
//
// An edit merges into the entry's latest outbox row when that row is an `entry.put` no push has
// claimed yet (claimOutboxBatch.ts): later fields win, and the merged row keeps the older of the
// two base versions, so a teammate's change after either base is still reported by the server as
// a conflict (a merge can only add conflicts, never hide one). Anything else after the put for
// that entry (a delete, a resolve) ends the run: the next edit is a new row.
import type { OutboxRowOf, TidelineDB } from '../db/db';
import { MutationName, type MutationArgs } from '../protocol/mutations';
import { isUnclaimed } from './claimOutboxBatch';
import { pendingFor } from './localView';

type PutArgs = MutationArgs<'entry.put'>;

/** The entry's pending put that a new edit may merge into, if there is one. */
export async function coalescibleRow(
  db: TidelineDB,
  entryId: string,
): Promise<OutboxRowOf<'entry.put'> | undefined> {
  const last = (await pendingFor(db, entryId)).at(-1);
  if (!last || last.name !== MutationName.EntryPut) return undefined;
  return (await isUnclaimed(db, last)) ? last : undefined;
}

/** One put doing what `earlier` then `later` do. */
export function mergePuts(earlier: PutArgs, later: PutArgs): PutArgs {
  return {
    ...later,
    baseVersion: Math.min(earlier.baseVersion, later.baseVersion),
    fields: { ...earlier.fields, ...later.fields },
  };
}

/**
 * The person has seen the server's state up to `baseVersion` (and settled what a teammate
 * changed): the entry's unsent puts now start from there, so the server does not report, as a
 * conflict, a teammate's change the person already chose over or against. Claimed rows are left
 * as they are. Call inside a transaction over the outbox and meta, or on its own.
 */
export async function rebasePendingPuts(
  db: TidelineDB,
  entryId: string,
  baseVersion: number,
): Promise<void> {
  await db.transaction('rw', db.outbox, db.meta, async () => {
    for (const row of await pendingFor(db, entryId)) {
      if (row.name !== MutationName.EntryPut || !(await isUnclaimed(db, row))) continue;
      const { args } = row;
      if (args.baseVersion >= baseVersion) continue;
      await db.outbox.put({ ...row, args: { ...args, baseVersion } });
    }
  });
}
