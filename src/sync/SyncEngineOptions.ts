// What a SyncEngine is built from and what a run comes to (the engine is in SyncEngine.ts).
import type { TidelineDB } from '../db/db';
import type { BackoffPolicy } from './backoff';
import type { Clock } from './Clock';
import type { SyncLock } from './SyncLock';
import type { SyncProgress, SyncResult } from './syncOnce';
import type { Transport } from './Transport';

export type SyncRunOutcome =
  | { status: 'ok'; result: SyncResult }
  | { status: 'failed'; error: unknown }
  | { status: 'skipped'; reason: 'paused-auth' | 'backoff' | 'stopped' };

export interface SyncEngineOptions {
  db: TidelineDB;
  transport: Transport;
  lock?: SyncLock;
  clock?: Clock;
  /** In [0, 1); the jitter source (tests pass a fixed one). */
  random?: () => number;
  /** Delay between a local write and its push (default 20 ms). */
  debounceMs?: number;
  backoff?: BackoffPolicy;
  pullLimit?: number;
  pushBatchSize?: number;
  /**
   * Retry by itself when the server does not answer although `isOnline()` says the device has a
   * network (the page's engine: no browser retries for it in Firefox or Safari). Without it an
   * OfflineError waits for the next trigger.
   */
  unreachable?: { isOnline: () => boolean; backoff?: BackoffPolicy };
}

/**
 * Where the engine sends a download too large for its thread (a notebook's first copy on a new
 * device): `run` does the whole sync elsewhere — the page's sync worker — and settles when done.
 */
export interface LargePullRunner {
  /** A first pull page showing more versions to come than this hands the download to `run`. */
  versions: number;
  /** Runs the sync; `onProgress` hears how far it got, for the status bar's progress. */
  run: (onProgress: (progress: SyncProgress) => void) => Promise<unknown>;
}
