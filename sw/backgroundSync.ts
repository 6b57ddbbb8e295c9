// `sync` handler. The outbox queue's own tag is handled by the Workbox Queue (outboxDelivery.ts);
// any other `sync` tag runs the same delivery under its tag. Each run writes one activity row.
// (`periodicsync` lives in periodicSync.ts.)
// The uploads' tag sends attachment bytes (uploads.ts).
import { UPLOAD_SYNC_TAG } from '../src/attachments/upload/runUploads';
import { OUTBOX_SYNC_TAG, deliverForTag } from './outboxDelivery';
import { onUploadSync } from './uploads';

export function onSync(event: SyncEvent): void {
  if (event.tag === OUTBOX_SYNC_TAG) return;
  if (event.tag === UPLOAD_SYNC_TAG) {
    onUploadSync(event);
    return;
  }
  event.waitUntil(deliverForTag(event.tag));
}
