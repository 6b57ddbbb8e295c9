// Sends every upload that is due, one at a time, under the `tideline-uploads` Web Lock — its own
// lock, never the sync lock, so a long transfer never holds back pushing or pulling entries
// (PowerSync #971). Whichever context gets the lock does the work (the sync worker while a page is
// open; the service worker on `sync` or at its start); one that finds it taken returns at once,
// since the holder takes every due upload before letting go.
//
// Progress goes out through `onProgress` and on the `tideline-uploads` BroadcastChannel, so every
// open page shows it whichever context sends (attachments/uploadProgress.ts listens).
import { UploadState } from '../entities';
import type { AttachmentDeps } from '../AttachmentDeps';
import { uploadOne, type UploadOutcome, type UploadProgress } from './uploadOne';

export const UPLOAD_LOCK_NAME = 'tideline-uploads';
export const UPLOAD_CHANNEL = 'tideline-uploads';
/** The Background Sync tag the page registers while uploads wait (sw/uploads.ts handles it). */
export const UPLOAD_SYNC_TAG = 'tideline-uploads';

export interface UploadRunResult {
  /** False when another context held the lock (it is doing the work). */
  ran: boolean;
  outcomes: Record<UploadOutcome, number>;
  /** When the earliest upload still waiting is due (null: none waits). */
  nextDueAt: number | null;
}

interface LocksLike {
  request<T>(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

let runningHere = false;

async function withUploadLock<T>(work: () => Promise<T>): Promise<T | undefined> {
  const locks = (globalThis as { navigator?: { locks?: LocksLike } }).navigator?.locks;
  if (locks) {
    return locks.request(UPLOAD_LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? work() : undefined,
    );
  }
  if (runningHere) return undefined;
  runningHere = true;
  try {
    return await work();
  } finally {
    runningHere = false;
  }
}

let channel: BroadcastChannel | undefined;
function announce(progress: UploadProgress | { key: string; state: string }): void {
  if (typeof BroadcastChannel === 'undefined') return;
  channel ??= new BroadcastChannel(UPLOAD_CHANNEL);
  channel.postMessage(progress);
}

async function nextDue(deps: AttachmentDeps): Promise<number | null> {
  const waiting = await deps.db.uploads
    .where('state')
    .anyOf(UploadState.Waiting, UploadState.Uploading)
    .toArray();
  if (waiting.length === 0) return null;
  return Math.min(...waiting.map((row) => row.nextAttemptAt));
}

export async function runUploads(
  deps: AttachmentDeps,
  options: {
    onProgress?: (progress: UploadProgress) => void;
    /** Ignore backoff times (the network just came back, or a `sync` event fired). */
    force?: boolean;
  } = {},
): Promise<UploadRunResult> {
  const outcomes: Record<UploadOutcome, number> = {
    done: 0,
    deduplicated: 0,
    retry: 0,
    refused: 0,
    'not-ready': 0,
  };
  const ran = await withUploadLock(async () => {
    const tried = new Set<string>();
    for (;;) {
      const now = (deps.now ?? Date.now)();
      // `uploading` rows were left by a context that stopped mid-way: theirs to resume now.
      const due = (
        await deps.db.uploads
          .where('state')
          .anyOf(UploadState.Waiting, UploadState.Uploading)
          .toArray()
      )
        .filter((row) => !tried.has(row.key) && (options.force || row.nextAttemptAt <= now))
        .sort((a, b) => a.createdAt - b.createdAt);
      const row = due[0];
      if (!row) return true;
      tried.add(row.key);
      const outcome = await uploadOne(deps, row, (progress) => {
        options.onProgress?.(progress);
        announce(progress);
      });
      outcomes[outcome] += 1;
      announce({ key: row.key, state: outcome });
      // Offline or the server down: the rest would fail alike; leave them to the next run.
      if (outcome === 'retry') return true;
    }
  });
  return { ran: ran === true, outcomes, nextDueAt: await nextDue(deps) };
}
