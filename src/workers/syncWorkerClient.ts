// The page's side of the sync worker: start a job, watch its progress, await its result.
//
//   const job = runLargeSync();
//   job.addEventListener('progress', () => show(job.progress));   // {phase, done, total}
//   const result = await job.done;                                 // or a WorkerJobError
//
// One worker serves the page, started on first use. Where module workers are missing, or the
// worker fails to start, jobs run on the page with the same functions (jobs.ts): slower to
// scroll during, but nothing is lost.
import { getDb, type TidelineDB } from '../db/db';
import { notebookTags, type TagCount } from '../db/entryIds';
import { createFetchTransport } from '../sync/createFetchTransport';
import { createSyncLock } from '../sync/SyncLock';
import { onLeavingPage, pageIsLeft } from '../sync/leavingPage';
import type { LargePullRunner } from '../sync/SyncEngine';
import { runImportJob, runSyncJob, serializeError } from './jobs';
import { reviveSyncError } from './reviveSyncError';
import type {
  ImportJobResult,
  JobProgress,
  JobResult,
  SerializedError,
  SyncJobResult,
  WorkerReply,
  WorkerRequest,
} from './protocol';

export type { ImportJobResult, JobProgress, SyncJobResult } from './protocol';

/** A job that failed, with the code of the underlying error (`offline`, `not-json`…). */
export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  readonly code: string;
  /** The original error's class name (`OfflineError`, `ImportError`…). */
  readonly causeName: string;
  readonly issues: readonly { path: string; message: string }[];
  /** The failure as the sync core's own error (OfflineError, AuthRequiredError…), for code
   *  that handles sync failures: see reviveSyncError. */
  readonly syncError: Error;

  constructor(error: SerializedError) {
    super(error.message);
    this.code = error.code;
    this.causeName = error.name;
    this.issues = error.issues ?? [];
    this.syncError = reviveSyncError(error);
  }
}

/** `error` as the sync core would have thrown it, had the job run in its place. */
export function syncErrorOf(error: unknown): unknown {
  return error instanceof WorkerJobError ? error.syncError : error;
}

/**
 * One job on the worker. Dispatches a `progress` event each time the worker reports progress
 * (read it from `progress`); `done` settles once with the result or a WorkerJobError.
 */
export class WorkerJob<T> extends EventTarget {
  progress: JobProgress | undefined;
  readonly done: Promise<T>;
  private settle!: { resolve: (value: T) => void; reject: (error: WorkerJobError) => void };

  constructor() {
    super();
    this.done = new Promise<T>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  report(progress: JobProgress): void {
    this.progress = progress;
    this.dispatchEvent(new Event('progress'));
  }

  resolve(value: T): void {
    this.settle.resolve(value);
  }

  reject(error: SerializedError): void {
    this.settle.reject(new WorkerJobError(error));
  }
}

type AnyJob = WorkerJob<JobResult>;

let worker: Worker | undefined;
/** Set once a worker failed to start: later jobs run on the page. */
let workerBroken = typeof Worker === 'undefined';
let nextJobId = 1;
const jobs = new Map<number, AnyJob>();

function onReply(event: MessageEvent<WorkerReply>): void {
  const reply = event.data;
  const job = jobs.get(reply.jobId);
  if (!job) return;
  if (reply.type === 'progress') {
    job.report(reply.progress);
    return;
  }
  jobs.delete(reply.jobId);
  if (reply.type === 'done') job.resolve(reply.result);
  else job.reject(reply.error);
}

function onWorkerError(event: ErrorEvent): void {
  event.preventDefault();
  workerBroken = true;
  stopWorker({
    name: 'WorkerError',
    code: 'worker-failed',
    message: `The background worker stopped (${event.message || 'it could not start'}). Try again; Tideline will do the work in this tab.`,
  });
}

/** Ends the worker, if there is one, and fails every job still waiting on it with `error`. */
function stopWorker(error: SerializedError): void {
  worker?.terminate();
  worker = undefined;
  for (const [jobId, job] of jobs) {
    jobs.delete(jobId);
    job.reject(error);
  }
}

/**
 * Leaving the page ends its worker, whatever it was doing: WebKit freezes a page it puts in its
 * back/forward cache together with that page's worker, and a worker frozen in the middle of a
 * download would hold the sync lock and its database transaction for good (see
 * sync/leavingPage.ts). Terminating it releases both; the download resumes from its cursors at
 * the next sync. A page shown again starts a new worker when it needs one.
 */
const LEFT_PAGE_ERROR: SerializedError = {
  name: 'WorkerError',
  code: 'worker-stopped',
  message: 'The page was left before the background work finished; it goes on at the next sync.',
};

function endWorker(): void {
  if (!worker) return;
  stopWorker(LEFT_PAGE_ERROR);
}

onLeavingPage(endWorker);

function getWorker(): Worker | undefined {
  if (workerBroken) return undefined;
  if (!worker) {
    try {
      worker = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      workerBroken = true;
      return undefined;
    }
    worker.addEventListener('message', onReply);
    worker.addEventListener('error', onWorkerError);
  }
  return worker;
}

/** Runs a job on this page instead, for browsers without a usable worker. */
function runHere<T>(
  job: WorkerJob<T>,
  work: (onProgress: (progress: JobProgress) => void) => Promise<T>,
): void {
  void work((progress) => job.report(progress)).then(
    (result) => job.resolve(result),
    (error: unknown) => job.reject(serializeError(error)),
  );
}

/** Starts a job on the worker, or runs `fallback` on this page where no worker can start. */
export function startWorkerJob<T extends JobResult>(
  request: WorkerRequest,
  fallback: (onProgress: (p: JobProgress) => void) => Promise<T>,
): WorkerJob<T> {
  return start(request, fallback);
}

/** A new job id (unique on this page). */
export function nextWorkerJobId(): number {
  return nextJobId++;
}

/** The downloads and imports started from this page that are still running. */
const largeWrites = new Set<Promise<unknown>>();

/**
 * Resolves once no download or import started from this page is running (at once if none is).
 * A reader of every entry of a notebook waits for this: run after each stored page, it would hold
 * the next page's write transaction for as long as it reads, and read more at every page — the
 * first download of a large notebook slowed to a crawl.
 */
export async function largeWritesSettled(): Promise<void> {
  while (largeWrites.size > 0) await Promise.allSettled([...largeWrites]);
}

function start<T extends JobResult>(
  request: WorkerRequest,
  fallback: (onProgress: (p: JobProgress) => void) => Promise<T>,
): WorkerJob<T> {
  const job = new WorkerJob<T>();
  if (request.type === 'sync' || request.type === 'import') {
    const done = job.done.then(
      () => undefined,
      () => undefined,
    );
    largeWrites.add(done);
    void done.then(() => largeWrites.delete(done));
  }
  if (pageIsLeft()) {
    // A job asked for after `pagehide` (a retry of one just ended there) would start a worker
    // that freezes with the page.
    job.reject(LEFT_PAGE_ERROR);
    return job;
  }
  const target = getWorker();
  if (!target) {
    runHere(job, fallback);
    return job;
  }
  jobs.set(request.jobId, job as unknown as AnyJob);
  target.postMessage(request);
  return job;
}

function pageDeps() {
  return { db: getDb(), transport: createFetchTransport({ baseUrl: '' }), lock: createSyncLock() };
}

/** A full push and pull in large pages, off the main thread (a first download, a reset). */
export function runLargeSync(): WorkerJob<SyncJobResult> {
  return start({ type: 'sync', jobId: nextJobId++ }, (onProgress) =>
    runSyncJob(pageDeps(), onProgress),
  );
}

/**
 * For the page's engine (SyncEngine.handLargePullsTo): a sync that finds more than `versions`
 * versions to download stops at its first page, storing nothing, and this worker does it all.
 * Its progress becomes the engine's (the status bar's progress bar). A failure reaches the
 * engine as the sync core's own error, so it is shown and retried like one of the engine's
 * (offline: resumed from the stored cursors when the network returns).
 */
export function largePullRunner(
  versions: number,
  /** Starts the job (the page also watches it; tests run it in place of the worker). */
  startJob: () => WorkerJob<SyncJobResult> = runLargeSync,
): LargePullRunner {
  return {
    versions,
    run: (onProgress) => {
      const job = startJob();
      job.addEventListener('progress', () => {
        const progress = job.progress;
        if (progress?.phase === 'push' || progress?.phase === 'pull') {
          onProgress({ ...progress, phase: progress.phase });
        }
      });
      return job.done.catch((error: unknown) => {
        throw syncErrorOf(error);
      });
    },
  };
}

/** Imports a Tideline JSON export into a notebook off the main thread, then syncs. */
export function importEntries(notebookId: string, file: Blob): WorkerJob<ImportJobResult> {
  return start({ type: 'import', jobId: nextJobId++, notebookId, file }, (onProgress) =>
    runImportJob(pageDeps(), notebookId, file, onProgress),
  );
}

/** Notebooks with more entries than this have their tags counted in the worker. */
export const TAGS_IN_WORKER_ABOVE = 10_000;

/**
 * A notebook's tag counts (for the filter), counted in the worker when the notebook is large or
 * the worker is already running (a download): counting reads every id of the notebook and of
 * each tag — 100,000 for a tag on every entry of a large one — which on the page would hold the
 * main thread past 50 ms. A small notebook's are counted here, without starting a worker.
 */
export async function countTagsOffPage(db: TidelineDB, notebookId: string): Promise<TagCount[]> {
  const inWorker =
    !workerBroken &&
    db === getDb() &&
    (worker !== undefined ||
      (await db.entries.where('notebookId').equals(notebookId).count()) > TAGS_IN_WORKER_ABOVE);
  if (!inWorker) return notebookTags(db, notebookId);
  return start<TagCount[]>({ type: 'tags', jobId: nextJobId++, notebookId }, () =>
    notebookTags(db, notebookId),
  ).done;
}
