// The page's side of "keep this notebook's files on this device": the switch writes the choice
// (attachments/keepOffline.ts) and does the work at once — on: download every stored file of the
// notebook in the sync worker; off: run the device's clean-up, which drops the copies nothing
// else keeps (never bytes attached here and not yet uploaded). While the app is open, each sync
// that ends idle downloads what teammates added to notebooks kept offline. Large files go to the
// browser's Background Fetch where it exists (attachments/backgroundFetchFiles.ts), the rest to
// the sync worker.
import { getDb } from '../db/db';
import {
  BACKGROUND_FETCH_MIN_BYTES,
  startBackgroundDownloads,
} from '../attachments/backgroundFetchFiles';
import type { KeepResult } from '../attachments/fetchAttachment';
import { keptOfflineNotebooks, setKeepOffline } from '../attachments/keepOffline';
import { SyncStatus } from '../sync/SyncEngine';
import type { WorkerJob } from '../workers/syncWorkerClient';
import { attachmentJob } from './attachments';
import { watchLongJob } from './ongoingWork';
import { syncStore } from './sync';

export interface KeepOutcome {
  downloaded: number;
  failed: number;
  /** Large files the browser downloads through Background Fetch (they arrive on their own). */
  inBackground: number;
}

/** A notebook's files on their way. */
export interface KeepRun {
  /** The sync worker's download (its progress is the files it fetches itself). */
  job: WorkerJob<KeepResult>;
  /** Ends once the worker is done and large files are with Background Fetch. */
  done: Promise<KeepOutcome>;
}

/** The download running for a notebook, so a second trigger joins it. */
const running = new Map<string, KeepRun>();

function start(notebookId: string): KeepRun {
  // The worker finds what is missing (a large notebook's entries are not read on this page) and
  // leaves large files for Background Fetch where the browser has it.
  const background = 'BackgroundFetchManager' in globalThis && 'serviceWorker' in navigator;
  const job = attachmentJob<KeepResult>({
    type: 'keep-files',
    notebookId,
    ...(background && { leaveLargeFrom: BACKGROUND_FETCH_MIN_BYTES }),
  });
  watchLongJob(job, { label: 'Downloading files for offline use' });
  const done = job.done.then(async ({ downloaded, failed, left }) => {
    if (left.length === 0) return { downloaded, failed, inBackground: 0 };
    const registration = await navigator.serviceWorker.getRegistration().catch(() => undefined);
    const handed = await startBackgroundDownloads(registration, notebookId, left);
    if (handed.size < left.length) {
      // Refused by Background Fetch: the worker fetches those after all.
      const rest = await attachmentJob<KeepResult>({
        type: 'keep-files',
        notebookId,
        skip: [...handed],
      }).done;
      downloaded += rest.downloaded;
      failed += rest.failed;
    }
    return { downloaded, failed, inBackground: handed.size };
  });
  return { job, done };
}

/** Downloads the notebook's files not on this device yet (joins one already running). */
export function keepNotebookFilesNow(notebookId: string): KeepRun {
  const current = running.get(notebookId);
  if (current) return current;
  const run = start(notebookId);
  running.set(notebookId, run);
  void run.done.catch(() => undefined).finally(() => running.delete(notebookId));
  return run;
}

/** The download running for a notebook right now, if any. */
export function keepingNotebookFiles(notebookId: string): KeepRun | undefined {
  return running.get(notebookId);
}

/**
 * Turns the choice on or off. On returns the download job; off waits for the clean-up that
 * frees the downloaded copies.
 */
export async function setNotebookFilesOffline(
  notebookId: string,
  keepOffline: boolean,
): Promise<KeepRun | undefined> {
  await setKeepOffline(getDb(), notebookId, keepOffline);
  if (keepOffline) return keepNotebookFilesNow(notebookId);
  await attachmentJob({ type: 'collect-files' }).done;
  return undefined;
}

let started = false;

/** Keeps kept notebooks' files up to date after each sync; call once when the app starts. */
export function startOfflineFiles(): void {
  if (started) return;
  started = true;
  const refresh = async () => {
    for (const notebookId of await keptOfflineNotebooks(getDb())) {
      await keepNotebookFilesNow(notebookId).done.catch(() => undefined);
    }
  };
  let last = syncStore.value.status;
  syncStore.subscribe((state) => {
    if (state.status === SyncStatus.Idle && last !== SyncStatus.Idle) void refresh();
    last = state.status;
  });
  void refresh();
}
