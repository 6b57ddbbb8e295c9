// What the UI shows about sync: the engine's state (SyncEngine.ts), on its own so the shell and
// the sign-in page can read it without loading the engine.
import type { SyncProgress } from './syncOnce';

export const SyncStatus = {
  Idle: 'idle',
  Syncing: 'syncing',
  Offline: 'offline',
  PausedAuth: 'paused-auth',
  Backoff: 'backoff',
  Error: 'error',
} as const;
export type SyncStatus = (typeof SyncStatus)[keyof typeof SyncStatus];

/** What the UI shows about sync. */
export interface SyncState {
  status: SyncStatus;
  /** Mutations waiting in the outbox. */
  pendingCount: number;
  /** Mutations the server refused, waiting for the user to retry or discard them. */
  deadLetterCount: number;
  lastSyncedAt: number | null;
  progress?: SyncProgress;
  /** Plain words: what went wrong and what the user can do. */
  error?: string;
  /** The failure's code (`offline`, `auth-required`, `server-busy`, a server code…). */
  errorCode?: string;
  /** The HTTP status of the failed answer (500, 503…), when the server answered at all. */
  errorStatus?: number;
  /** In backoff, or offline with the server unreachable: when the next attempt is due. */
  nextRetryAt?: number;
}
