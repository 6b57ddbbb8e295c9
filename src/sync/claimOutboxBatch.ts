// Takes the next batch of the outbox for a push and marks it claimed, in one transaction.
//
// A claimed row is frozen: its mutation may already be on the server (a request can fail after
// the server applied it), and the server skips an id it has seen, so changing the row's
// arguments afterwards would lose the change silently. Local writes that coalesce into a pending
// row (coalesceEntryPut.ts) only touch rows above the claim mark; because the claim and the
// coalescing write are both Dexie read-write transactions on the outbox and meta, they run one
// after the other, never interleaved:
//
//   write coalesces into row 7 ──▶ push claims 1…7 and sends the merged row 7
//   push claims 1…7            ──▶ write sees claimedThrough = 7 and appends row 8
//
// The mark only ever rises (mutation ids are never reused), so it stays right across failed
// pushes, reloads and every context that pushes (page, sync worker, service worker).
import type { LooseOutboxRow, OutboxRow, TidelineDB } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import { Limits } from '../protocol/limits';

/** A batch stops growing past this many bytes of arguments (a GPS track alone can be 256 KB),
 *  so a push stays under the server's body limit; the first row always goes. */
export const BATCH_MAX_BYTES = Math.floor(Limits.requestBodyBytes * 0.7);

/** The first rows whose arguments fit in BATCH_MAX_BYTES (at least one). */
export function withinBytes<Row extends LooseOutboxRow>(
  rows: readonly Row[],
  maxBytes = BATCH_MAX_BYTES,
): Row[] {
  let bytes = 0;
  let count = 0;
  for (const row of rows) {
    bytes += JSON.stringify(row.args).length;
    if (count > 0 && bytes > maxBytes) break;
    count += 1;
  }
  return rows.slice(0, count);
}

/** The lowest `limit` outbox rows, now claimed for sending. */
export async function claimOutboxBatch(db: TidelineDB, limit: number): Promise<OutboxRow[]> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const batch = withinBytes(await db.outbox.orderBy('mutationId').limit(limit).toArray());
    const last = batch.at(-1)?.mutationId;
    if (last !== undefined) {
      const claimed = (await getMeta(db, 'outboxClaimedThrough')) ?? 0;
      if (last > claimed) await setMeta(db, 'outboxClaimedThrough', last);
    }
    return batch;
  });
}

/** Whether `row` may still change: no push has taken it. */
export async function isUnclaimed(db: TidelineDB, row: OutboxRow): Promise<boolean> {
  return row.mutationId > ((await getMeta(db, 'outboxClaimedThrough')) ?? 0);
}
