// The page's sync: one SyncEngine over the shared local database, talking to this origin's API
// (the session cookie rides along), with its state in a Store for the status bar. Pages call
// `notifyLocalWrite()` after a local change and `syncNow()` for "Sync now".
import { getDb } from '../db/db';
import { Trigger } from '../db/db';
import { createFetchTransport } from '../sync/createFetchTransport';
import { SyncEngine, SyncStatus, type SyncState } from '../sync/SyncEngine';
import { createSyncLock } from '../sync/SyncLock';
import { Store } from './Store';

export const syncStore = new Store<SyncState>({
  status: SyncStatus.Idle,
  pendingCount: 0,
  deadLetterCount: 0,
  lastSyncedAt: null,
});

let engine: SyncEngine | undefined;

/** The page's engine, created and started on first use. */
export function getSyncEngine(): SyncEngine {
  if (!engine) {
    engine = new SyncEngine({
      db: getDb(),
      transport: createFetchTransport({ baseUrl: '' }),
      lock: createSyncLock(),
    });
    engine.subscribe((state) => syncStore.set(state));
    window.addEventListener('online', () => engine?.online());
    void engine.start();
  }
  return engine;
}

export function notifyLocalWrite(): void {
  getSyncEngine().notifyLocalWrite();
}

export function syncNow(): Promise<unknown> {
  return getSyncEngine().trigger(Trigger.Manual);
}
