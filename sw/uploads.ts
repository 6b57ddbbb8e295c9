// Attachment uploads with no page open. The page registers the `tideline-uploads` sync tag when
// a file waits to be sent (src/attachments/attachments.ts); Chromium fires `sync` once the network
// is back, even with every tab closed, and this worker then pushes the outbox (so the server knows
// the attachment and its notebook) and sends every waiting upload from where it stopped (the tus
// URLs and offsets are in Dexie). An upload that fails for a passing reason rethrows so the browser
// retries the event later. Browsers without Background Sync (or with it blocked) resume at the
// worker's next start and at the next page open.
//
// While it sends, the ongoing progress notification long jobs use (tag `tideline-progress`)
// shows the figures — only when notifications are already granted — and closes at the end.
import { getDb, Trigger } from '../src/db/db';
import { browserAttachmentDeps } from '../src/attachments/AttachmentDeps';
import { formatBytes } from '../src/attachments/AttachmentError';
import { UploadState } from '../src/attachments/entities';
import { UPLOAD_SYNC_TAG, runUploads } from '../src/attachments/upload/runUploads';
import type { UploadProgress } from '../src/attachments/upload/uploadOne';
import { PROGRESS_TAG, THROTTLE_MS } from '../src/protocol/progressTag';
import { sw } from './scope';
import { runServiceWorkerSync } from './swSync';

let lastShownAt = 0;
let shown = false;

function canNotify(): boolean {
  return 'Notification' in sw && Notification.permission === 'granted';
}

async function showProgress(progress: UploadProgress): Promise<void> {
  const now = Date.now();
  if (!canNotify() || (now - lastShownAt < THROTTLE_MS && progress.offset < progress.size)) return;
  // A page that is open shows its own progress bar.
  const clients = await sw.clients.matchAll({ type: 'window' });
  if (clients.some((client) => client.visibilityState === 'visible')) return;
  lastShownAt = now;
  shown = true;
  await sw.registration.showNotification(
    `Uploading ${progress.name} — ${formatBytes(progress.offset)} of ${formatBytes(progress.size)}`,
    {
      tag: PROGRESS_TAG,
      silent: true,
      icon: '/icons/icon-192.png',
      body: 'Uploading files',
      data: { url: '/notebooks' },
    },
  );
}

async function closeProgress(): Promise<void> {
  if (!shown) return;
  shown = false;
  for (const notification of await sw.registration.getNotifications({ tag: PROGRESS_TAG })) {
    notification.close();
  }
}

async function hasWaitingUploads(): Promise<boolean> {
  return (
    (await getDb()
      .uploads.where('state')
      .anyOf(UploadState.Waiting, UploadState.Uploading)
      .count()) > 0
  );
}

/** Push the outbox (the attachment rows), then send every waiting upload. */
export async function sendUploads(): Promise<void> {
  if (!(await hasWaitingUploads())) return;
  await runServiceWorkerSync(Trigger.Sync, { tag: UPLOAD_SYNC_TAG }).catch(() => undefined);
  try {
    const result = await runUploads(browserAttachmentDeps(getDb()), {
      force: true,
      onProgress: (progress) => void showProgress(progress).catch(() => undefined),
    });
    if (result.outcomes.retry > 0) {
      throw new Error('An upload was interrupted; the browser will run this again.');
    }
  } finally {
    await closeProgress();
  }
}

export function onUploadSync(event: SyncEvent): void {
  event.waitUntil(sendUploads());
}

/** At worker start, where no `sync` event will come: carry on with what waits. */
export function resumeUploadsAtStart(): void {
  if (!navigator.onLine) return;
  void sendUploads().catch(() => undefined);
}
