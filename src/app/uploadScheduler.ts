// When the page asks the sync worker to send uploads: at start, after an attach, when the
// network returns, after each sync that ends idle (a notebook just created has reached the
// server), and when the earliest backoff ends. While uploads wait, the `tideline-uploads`
// Background Sync tag is registered so the service worker finishes them with every page closed.
// The uploads' progress, from whichever context sends, reaches `uploadProgress` (and, while the
// page is hidden, the ongoing progress notification through watchLongJob).
import { getDb } from '../db/db';
import { Store } from './Store';
import { syncStore } from './sync';
import { SyncStatus } from '../sync/SyncEngine';
import { watchLongJob } from './ongoingWork';
import { attachmentJob } from './attachments';
import { UploadState } from '../attachments/entities';
import {
  UPLOAD_CHANNEL,
  UPLOAD_SYNC_TAG,
  type UploadRunResult,
} from '../attachments/upload/runUploads';
import type { UploadProgress } from '../attachments/upload/uploadOne';

/** Upload key → bytes the server has confirmed, as last reported by any context. */
export const uploadProgress = new Store<ReadonlyMap<string, UploadProgress>>(new Map());

let running = false;
let again = false;
let forceNext = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let started = false;

const MIN_RETRY_MS = 5000;

async function registerUploadSync(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = (await navigator.serviceWorker.getRegistration()) as
    (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
  await registration?.sync?.register(UPLOAD_SYNC_TAG).catch(() => undefined);
}

async function waitingUploads(): Promise<number> {
  return getDb().uploads.where('state').anyOf(UploadState.Waiting, UploadState.Uploading).count();
}

function schedule(result: UploadRunResult): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (result.nextDueAt === null) return;
  const wait = Math.max(MIN_RETRY_MS, result.nextDueAt - Date.now());
  timer = setTimeout(() => requestUploads(), wait);
}

/** Sends what is due now (force: ignore backoff, e.g. the network just came back). */
export function requestUploads(force = false): void {
  forceNext ||= force;
  if (running) {
    again = true;
    return;
  }
  running = true;
  void (async () => {
    try {
      if ((await waitingUploads()) === 0) return;
      void registerUploadSync();
      const job = attachmentJob<UploadRunResult>({ type: 'uploads', force: forceNext });
      forceNext = false;
      watchLongJob(job, { label: 'Uploading files' });
      schedule(await job.done);
    } catch {
      // The rows keep their state; the next trigger tries again.
    } finally {
      running = false;
      if (again) {
        again = false;
        requestUploads();
      }
    }
  })();
}

/** Starts the triggers; call once when the app starts. Also collects unreferenced bytes. */
export function startUploadScheduler(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => requestUploads(true));
  let last = syncStore.value.status;
  syncStore.subscribe((state) => {
    if (state.status === SyncStatus.Idle && last !== SyncStatus.Idle) requestUploads();
    last = state.status;
  });
  if (typeof BroadcastChannel !== 'undefined') {
    new BroadcastChannel(UPLOAD_CHANNEL).addEventListener(
      'message',
      (event: MessageEvent<UploadProgress | { key: string; state: string }>) => {
        const next = new Map(uploadProgress.value);
        if ('offset' in event.data) next.set(event.data.key, event.data);
        else next.delete(event.data.key);
        uploadProgress.set(next);
      },
    );
  }
  requestUploads();
  setTimeout(
    () => void attachmentJob({ type: 'collect-files' }).done.catch(() => undefined),
    30_000,
  );
}
