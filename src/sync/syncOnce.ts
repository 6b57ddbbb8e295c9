// One sync run, whatever triggered it (DESIGN.md, "Background work"): under the sync lock, push
// the outbox, then pull every notebook, then write one activity row — trigger, start, duration,
// pushed, pulled, outcome, error. A failure is recorded too and then rethrown, typed, so the
// caller (the engine, or a service-worker handler that wants the browser to retry) can act on it.
import type { Trigger, TidelineDB } from '../db/db';
import { setMeta } from '../db/meta';
import { recordActivity } from '../db/recordActivity';
import { systemClock, type Clock } from './Clock';
import { describeSyncError, errorCode } from './errors';
import { pullChanges, type PullProgress } from './pullChanges';
import { pushOutbox, type PushProgress } from './pushOutbox';
import type { SyncLock } from './SyncLock';
import type { Transport } from './Transport';

export interface SyncDeps {
  db: TidelineDB;
  transport: Transport;
  lock: SyncLock;
  clock?: Clock;
}

export type SyncProgress = PushProgress | PullProgress;

export interface SyncOptions {
  /** The activity row's tag (a sync event's tag, say); defaults to the trigger. */
  tag?: string;
  onProgress?: (progress: SyncProgress) => void;
  pushBatchSize?: number;
  pullLimit?: number;
  /** See PullOptions.handOffAbove: leave a download this large for the sync worker. */
  handOffAbove?: number;
}

export interface SyncResult {
  trigger: Trigger;
  startedAt: number;
  durationMs: number;
  /** Mutations the server acknowledged, rejections included. */
  pushed: number;
  rejected: number;
  /** Entries and tombstones applied. */
  pulled: number;
  /** The pull stopped at its first page for `handOffAbove`; the download is the sync worker's. */
  handedOff?: boolean;
}

export async function syncOnce(
  deps: SyncDeps,
  trigger: Trigger,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const { db, transport, lock } = deps;
  const clock = deps.clock ?? systemClock;
  return lock.run(async () => {
    const startedAt = clock.now();
    const tag = options.tag ?? trigger;
    let pushed = 0;
    let rejected = 0;
    let pulled = 0;
    try {
      const push = await pushOutbox(
        { db, transport },
        {
          ...(options.pushBatchSize !== undefined && { batchSize: options.pushBatchSize }),
          ...(options.onProgress && { onProgress: options.onProgress }),
        },
      );
      pushed = push.pushed;
      rejected = push.rejected;
      const pull = await pullChanges(
        { db, transport },
        {
          ...(options.pullLimit !== undefined && { limit: options.pullLimit }),
          ...(options.handOffAbove !== undefined && { handOffAbove: options.handOffAbove }),
          ...(options.onProgress && { onProgress: options.onProgress }),
        },
      );
      pulled = pull.pulled;
      const finishedAt = clock.now();
      await setMeta(db, 'lastSyncedAt', finishedAt);
      const result: SyncResult = {
        trigger,
        startedAt,
        durationMs: finishedAt - startedAt,
        pushed,
        rejected,
        pulled,
        ...(pull.handedOff && { handedOff: true }),
      };
      await recordActivity(db, {
        trigger,
        tag,
        startedAt,
        durationMs: result.durationMs,
        outcome: 'ok',
        detail:
          `Sent ${pushed} change${pushed === 1 ? '' : 's'}, received ${pulled}` +
          (rejected > 0 ? `; ${rejected} refused by the server` : '') +
          (pull.handedOff ? '; the download went to the sync worker' : ''),
        pushed,
        pulled,
      });
      return result;
    } catch (error) {
      await recordActivity(db, {
        trigger,
        tag,
        startedAt,
        durationMs: clock.now() - startedAt,
        outcome: 'error',
        detail: describeSyncError(error),
        pushed,
        pulled,
        error: errorCode(error),
      }).catch(() => undefined);
      throw error;
    }
  });
}
