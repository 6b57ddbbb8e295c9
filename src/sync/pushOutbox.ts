// Sends the outbox to the server in mutation-id order, in batches, until it is empty. Each batch
// is claimed before it is sent (claimOutboxBatch.ts), so no local write changes it afterwards. Each
// response is applied (acknowledge.ts) before the next batch goes out, so a failure part-way
// loses nothing: what the server confirmed has left the outbox, the rest is sent again next time
// and the server skips whatever it had already applied.
//
// `gapAt` means the server is missing mutation `gapAt`: the next batch starts from the lowest id
// still in the outbox, which is that one — unless this device no longer has it, which only a
// damaged local database can cause and is reported as a ProtocolError (`outbox-gap`).
import { Limits } from '../protocol/limits';
import type { TidelineDB } from '../db/db';
import { getMeta } from '../db/meta';
import { acknowledge } from './acknowledge';
import { claimOutboxBatch } from './claimOutboxBatch';
import { ProtocolError } from './errors';
import { getClientId } from './getClientId';
import type { Transport } from './Transport';

/** Mutations per push: well under Limits.mutationsPerPush, so one request stays small. */
export const PUSH_BATCH_SIZE = 100;
/** Rejection ids one request may acknowledge (the schema allows four pushes' worth). */
export const MAX_ACKS_PER_REQUEST = Limits.mutationsPerPush * 4;

export interface PushProgress {
  phase: 'push';
  done: number;
  total: number;
}

export interface PushOptions {
  batchSize?: number;
  onProgress?: (progress: PushProgress) => void;
}

export interface PushResult {
  /** Mutations that left the outbox: applied, skipped as already applied, or rejected. */
  pushed: number;
  rejected: number;
  requests: number;
}

export async function pendingRejectionAcks(db: TidelineDB): Promise<number[]> {
  return ((await getMeta(db, 'rejectionsToAck')) ?? []).slice(0, MAX_ACKS_PER_REQUEST);
}

export async function pushOutbox(
  deps: { db: TidelineDB; transport: Transport },
  options: PushOptions = {},
): Promise<PushResult> {
  const { db, transport } = deps;
  const batchSize = Math.min(options.batchSize ?? PUSH_BATCH_SIZE, Limits.mutationsPerPush);
  const clientId = await getClientId(db);
  let pushed = 0;
  let rejected = 0;
  let requests = 0;
  let stalled = 0;
  for (;;) {
    const batch = await claimOutboxBatch(db, batchSize);
    const acks = await pendingRejectionAcks(db);
    if (batch.length === 0 && acks.length === 0) break;
    options.onProgress?.({
      phase: 'push',
      done: pushed,
      total: pushed + (await db.outbox.count()),
    });
    const response = await transport.push({
      clientId,
      mutations: batch.map((row) => ({
        id: row.mutationId,
        name: row.name,
        args: row.args,
        at: Math.max(0, Math.round(row.createdAt)),
      })),
      ...(acks.length > 0 && { ackRejections: acks }),
    });
    requests += 1;
    const result = await acknowledge(db, {
      lastMutationId: response.lastMutationId,
      rejections: response.rejections,
      ackedRejections: acks,
    });
    pushed += result.applied + result.rejected;
    rejected += result.rejected;
    const first = batch[0];
    if (response.gapAt !== null && first && first.mutationId > response.gapAt) {
      throw new ProtocolError({
        status: 0,
        code: 'outbox-gap',
        message: `The server is waiting for change #${response.gapAt}, which this device no longer has.`,
      });
    }
    // Nothing moved although mutations were sent: stop rather than spin.
    stalled = batch.length > 0 && result.applied + result.rejected === 0 ? stalled + 1 : 0;
    if (stalled >= 2) {
      throw new ProtocolError({
        status: 0,
        code: 'push-stalled',
        message: 'The server accepted none of the pending changes.',
      });
    }
  }
  options.onProgress?.({ phase: 'push', done: pushed, total: pushed });
  return { pushed, rejected, requests };
}
