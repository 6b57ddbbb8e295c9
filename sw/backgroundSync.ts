// `sync` and `periodicsync` handlers. Each run is recorded in the activity log; the outbox
// delivery and the notebook pull that these events drive plug in here as the sync core lands.
import { Trigger } from '../src/db/db';
import { runBackgroundTask } from './activity';

export function onSync(event: SyncEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.Sync, event.tag, async () =>
      event.lastChance ? 'last attempt for this sync' : 'sync event handled',
    ),
  );
}

export function onPeriodicSync(event: PeriodicSyncEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.PeriodicSync, event.tag, async () => 'periodic sync handled'),
  );
}
