// The dedicated sync worker: large pulls (a notebook's first download, a reset), bulk imports and
// a large notebook's tag counts run here, off the main thread, so parsing, validating and storing tens of thousands of entries
// never blocks scrolling or typing. It shares the page's IndexedDB (Dexie works in workers, and
// Dexie tells the page's live queries what changed), its session cookie (same-origin fetch) and
// its Web Lock, so it never syncs at the same time as the page or the service worker.
// The messages are described in protocol.ts.
// First: configures zod before any schema is built (see zodConfig.ts).
import '../protocol/zodConfig';
import { getDb } from '../db/db';
import { notebookTags } from '../db/entryIds';
import { createFetchTransport } from '../sync/createFetchTransport';
import { createSyncLock } from '../sync/SyncLock';
import { browserAttachmentDeps } from '../attachments/AttachmentDeps';
import { isAttachmentJob, runAttachmentJob } from '../attachments/attachmentJobs';
import { runImportJob, runSyncJob, serializeError, type JobDeps } from './jobs';
import type { JobProgress, WorkerReply, WorkerRequest } from './protocol';

/** The parts of DedicatedWorkerGlobalScope used here. The page's tsconfig (lib: DOM) types
 *  `self` as a Window, so the worker names its own scope rather than pull in lib.webworker. */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

const deps: JobDeps = {
  db: getDb(),
  transport: createFetchTransport({ baseUrl: '' }),
  lock: createSyncLock(),
};
const attachmentDeps = browserAttachmentDeps(deps.db);

async function run(request: WorkerRequest): Promise<void> {
  const { jobId } = request;
  const onProgress = (progress: JobProgress): void =>
    scope.postMessage({ type: 'progress', jobId, progress });
  try {
    const result = isAttachmentJob(request)
      ? await runAttachmentJob(attachmentDeps, request, onProgress)
      : request.type === 'sync'
        ? await runSyncJob(deps, onProgress)
        : request.type === 'import'
          ? await runImportJob(deps, request.notebookId, request.file, onProgress)
          : request.type === 'tags'
            ? await notebookTags(deps.db, request.notebookId)
            : null;
    scope.postMessage({ type: 'done', jobId, result });
  } catch (error) {
    scope.postMessage({ type: 'failed', jobId, error: serializeError(error) });
  }
}

scope.addEventListener('message', (event) => void run(event.data));
