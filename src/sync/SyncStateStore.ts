// The sync state the UI reads (SyncState.ts) and the listeners that hear each change. A patch's
// undefined fields are removed, so no stale fact (an old error, a passed retry time) lingers.
import { SyncStatus, type SyncState } from './SyncState';

export type SyncStateListener = (state: SyncState) => void;

export class SyncStateStore {
  private current: SyncState = {
    status: SyncStatus.Idle,
    pendingCount: 0,
    deadLetterCount: 0,
    lastSyncedAt: null,
  };
  private readonly listeners = new Set<SyncStateListener>();

  get state(): SyncState {
    return this.current;
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: SyncStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(patch: Partial<SyncState>): void {
    const next: SyncState = { ...this.current, ...patch };
    for (const key of Object.keys(next) as (keyof SyncState)[]) {
      if (next[key] === undefined) delete next[key];
    }
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}
