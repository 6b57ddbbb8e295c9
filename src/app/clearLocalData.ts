// Removes everything Tideline keeps about an account from this browser profile: notebooks,
// entries, the outbox, dead letters, cursors, the activity log and `meta` (so the next account
// gets a fresh sync client id — the server ties a client id to one account). Used on sign-out
// and when a different account signs in on this device.
//
// It clears every table rather than deleting the database: other tabs, the sync worker and the
// service worker keep their connections open and simply see empty tables (liveQuery updates
// them), where a deleted database would close under them. It runs under the sync lock so no
// push or pull is half-way through when the tables empty.
import { getDb } from '../db/db';
import { createSyncLock } from '../sync/SyncLock';

export async function clearLocalData(): Promise<void> {
  const db = getDb();
  await createSyncLock().run(() =>
    db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((table) => table.clear()));
    }),
  );
  // The unread badge belongs to the account that just left.
  await navigator.clearAppBadge?.().catch(() => undefined);
}
