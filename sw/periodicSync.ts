// `periodicsync`: the scheduled refresh the page registers (src/app/backgroundRefresh.ts) where
// the browser grants Periodic Background Sync. Pull every notebook, notify about teammates' new
// and changed entries (one notification per notebook), and set the badge. Unlike a push, a
// refresh that finds nothing stays silent. Then the new files of notebooks kept offline download.
import { Trigger, getDb } from '../src/db/db';
import { currentUserId } from '../src/db/meta';
import { updateBadge } from './badge';
import { showChangeAlerts } from './notifications';
import { keepOfflineFiles } from './offlineFiles';
import { runServiceWorkerSync } from './swSync';
import { cursorVersions, teammateChanges } from './teammateChanges';

export function onPeriodicSync(event: PeriodicSyncEvent): void {
  event.waitUntil(refresh(event.tag));
}

async function refresh(tag: string): Promise<void> {
  const db = getDb();
  try {
    const before = await cursorVersions(db);
    // syncOnce records the run (trigger periodicsync, counts, or the failure) in the activity log.
    await runServiceWorkerSync(Trigger.PeriodicSync, { tag });
    await showChangeAlerts(await teammateChanges(db, before, await currentUserId(db)));
  } finally {
    await updateBadge();
  }
  // After the alerts: files of notebooks kept offline, which may take a while.
  await keepOfflineFiles();
}
