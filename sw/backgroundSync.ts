// `sync` and `periodicsync` handlers. The outbox queue's own tag is handled by the Workbox Queue
// (outboxDelivery.ts); any other `sync` tag runs the same delivery under its tag. Each run writes
// one activity row.
import { Trigger } from '../src/db/db';
import { runBackgroundTask } from './activity';
import { OUTBOX_SYNC_TAG, deliverForTag } from './outboxDelivery';

export function onSync(event: SyncEvent): void {
  if (event.tag === OUTBOX_SYNC_TAG) return;
  event.waitUntil(deliverForTag(event.tag));
}

export function onPeriodicSync(event: PeriodicSyncEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.PeriodicSync, event.tag, async () => 'periodic sync handled'),
  );
}
