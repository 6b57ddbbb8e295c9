// The work the sync worker does, as plain async functions over the sync core. The worker calls
// them off the main thread; where no worker can be started, the page calls the very same
// functions (syncWorkerClient.ts), and Node tests call them directly.
import { Trigger, type TidelineDB } from '../db/db';
import {
  AuthRequiredError,
  LocalWriteError,
  ProtocolError,
  ServerBusyError,
  describeSyncError,
  errorCode,
} from '../sync/errors';
import { Limits } from '../protocol/limits';
import type { SyncLock } from '../sync/SyncLock';
import { syncOnce } from '../sync/syncOnce';
import type { Transport } from '../sync/Transport';
import { ImportError } from '../io/ImportError';
import { AttachmentError } from '../attachments/AttachmentError';
import { parseNotebookExport } from '../io/parseNotebookExport';
import { writeImportedEntries } from '../io/writeImportedEntries';
import type { ImportJobResult, JobProgress, SerializedError, SyncJobResult } from './protocol';

export interface JobDeps {
  db: TidelineDB;
  transport: Transport;
  /** The same Web Lock the page and the service worker take: one sync at a time. */
  lock: SyncLock;
}

export type ProgressSink = (progress: JobProgress) => void;

/** The activity log's tag for runs of the worker. */
export const WORKER_TAG = 'sync-worker';

/**
 * A full sync in large pages: what a first download of a notebook, or a reset past the purge
 * horizon, needs. Logged in the activity log like every other run.
 */
export async function runSyncJob(deps: JobDeps, onProgress: ProgressSink): Promise<SyncJobResult> {
  const result = await syncOnce(deps, Trigger.WorkerStart, {
    tag: WORKER_TAG,
    pullLimit: Limits.pullPageMax,
    onProgress: ({ phase, done, total }) => onProgress({ phase, done, total }),
  });
  return {
    pushed: result.pushed,
    rejected: result.rejected,
    pulled: result.pulled,
    durationMs: result.durationMs,
  };
}

/**
 * Imports a JSON export into a notebook: the whole file is checked first (a bad file writes
 * nothing), then the entries are created in chunks, then one sync sends them. A failed sync does
 * not fail the import — the entries are saved here and go out with the next sync.
 */
export async function runImportJob(
  deps: JobDeps,
  notebookId: string,
  file: Blob,
  onProgress: ProgressSink,
): Promise<ImportJobResult> {
  const exported = parseNotebookExport(await file.text());
  const imported = await writeImportedEntries(deps.db, notebookId, exported.entries, {
    onProgress: ({ done, total }) => onProgress({ phase: 'import', done, total }),
  });
  try {
    return { imported, sync: await runSyncJob(deps, onProgress) };
  } catch (error) {
    return { imported, sync: null, syncError: serializeError(error) };
  }
}

/** An error as data that survives postMessage, keeping its code, issues and facts. */
export function serializeError(error: unknown): SerializedError {
  const name = error instanceof Error ? error.name : 'Error';
  if (
    error instanceof ImportError ||
    error instanceof LocalWriteError ||
    error instanceof AttachmentError
  ) {
    return { name, code: error.code, message: error.message, issues: error.issues };
  }
  const facts: NonNullable<SerializedError['facts']> = {
    detail: error instanceof Error ? error.message : String(error),
  };
  if (
    error instanceof AuthRequiredError ||
    error instanceof ServerBusyError ||
    error instanceof ProtocolError
  ) {
    facts.status = error.status;
  }
  if (error instanceof ServerBusyError && error.retryAfterMs !== undefined) {
    facts.retryAfterMs = error.retryAfterMs;
  }
  return { name, code: errorCode(error), message: describeSyncError(error), facts };
}
