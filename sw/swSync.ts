// The service worker's sync: the same syncOnce the page runs (push the outbox, pull every
// notebook, one activity row), over this origin's API with the session cookie, under the same
// Web Lock. Every background handler (sync, periodicsync, push) calls `runServiceWorkerSync`;
// the activity row it writes is announced to open pages on the `tideline` BroadcastChannel.
import { announceActivityChanged } from '../src/db/activityChannel';
import { getDb, type Trigger } from '../src/db/db';
import { createFetchTransport } from '../src/sync/createFetchTransport';
import { createSyncLock } from '../src/sync/SyncLock';
import { syncOnce, type SyncOptions, type SyncResult } from '../src/sync/syncOnce';

export async function runServiceWorkerSync(
  trigger: Trigger,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const db = getDb();
  try {
    return await syncOnce(
      { db, transport: createFetchTransport({ baseUrl: '' }), lock: createSyncLock() },
      trigger,
      options,
    );
  } finally {
    announceActivityChanged();
  }
}
