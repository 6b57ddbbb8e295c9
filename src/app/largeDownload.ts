// The large-download policy: when a download is too big for the page's thread, and how it goes
// to the sync worker instead. Two ways in, one rule:
//
//   opening a notebook ── needsLargeDownload(missing, version, cursor)? ──▶ startLargeDownload()
//   the engine's own run ── a first pull page shows > LARGE_PULL_VERSIONS to come ──▶ the same job
//
// Either way the job runs in src/workers/sync.worker.ts, and a hidden page shows its progress
// as a notification (ongoingWork.ts).
import {
  largePullRunner,
  runLargeSync,
  type SyncJobResult,
  type WorkerJob,
} from '../workers/syncWorkerClient';
import { watchLongJob } from './ongoingWork';
import { getSyncEngine } from './sync';

/**
 * A notebook this far behind the server is downloaded by the sync worker, with a progress bar,
 * rather than by the page's own sync: enough entries that parsing and storing them would make
 * the page stutter.
 */
export const LARGE_PULL_VERSIONS = 1000;

/**
 * Whether opening a notebook should download it in the sync worker: it is missing here (a first
 * download can be 100,000 entries), has never been pulled, or is far behind.
 */
export function needsLargeDownload(
  missing: boolean,
  version: number,
  cursor: number | undefined,
): boolean {
  return missing || cursor === undefined || version - cursor > LARGE_PULL_VERSIONS;
}

/** Starts the whole sync in the sync worker, watched as a long job under `label`. */
export function startLargeDownload(label = 'Syncing your notebooks'): WorkerJob<SyncJobResult> {
  const job = runLargeSync();
  watchLongJob(job, { label });
  return job;
}

/** From now on, the page's engine hands a download past the threshold to the sync worker. */
export function handLargeDownloadsToWorker(): void {
  getSyncEngine().handLargePullsTo(
    largePullRunner(LARGE_PULL_VERSIONS, () => startLargeDownload()),
  );
}
