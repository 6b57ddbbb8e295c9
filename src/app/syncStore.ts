// The page's sync state for the UI, which the engine (app/sync.ts) keeps up to date once it runs.
// On its own so pages can show it without loading the engine: until someone is signed in it
// stays idle.
import { SyncStatus, type SyncState } from '../sync/SyncState';
import { Store } from './Store';

export const syncStore = new Store<SyncState>({
  status: SyncStatus.Idle,
  pendingCount: 0,
  deadLetterCount: 0,
  lastSyncedAt: null,
});
