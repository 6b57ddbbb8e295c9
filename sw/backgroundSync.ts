// `sync` handler. The outbox queue's own tag is handled by the Workbox Queue (outboxDelivery.ts);
// any other `sync` tag runs the same delivery under its tag. Each run writes one activity row.
// (`periodicsync` lives in periodicSync.ts.)
import { OUTBOX_SYNC_TAG, deliverForTag } from './outboxDelivery';

export function onSync(event: SyncEvent): void {
  if (event.tag === OUTBOX_SYNC_TAG) return;
  event.waitUntil(deliverForTag(event.tag));
}
