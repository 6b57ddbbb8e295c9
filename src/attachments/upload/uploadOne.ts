// One upload row through the upload machine (DESIGN.md, "Upload state machine"):
//
//   waiting ──notebook not on the server yet──▶ waiting (its notebook.create is still queued)
//      │
//      ├─HEAD /api/notebooks/:nb/files/:sha256─▶ 200 ─────────────────────────▶ done (0 bytes sent)
//      │                                         404 ─▶ tus upload (below)
//      ▼
//   uploading: tus POST (or resume: HEAD the kept URL for its offset), PATCH a chunk at a time;
//      each chunk's end is a resume point, its offset written to the row and the URL kept in
//      Dexie (DexieUrlStorage). The server recomputes the SHA-256 after the last chunk.
//      success ─────────────────────────────────────────────────────────────▶ done
//      403, 413, 422 (refused for good) ────────────────────────────────────▶ refused
//      anything else (offline, 5xx, a kill mid-chunk) ─▶ waiting, attempts+1, backoff
//
// The bytes stay on the device in every state but `done` (and then until collection).
import { Upload, type DetailedError } from 'tus-js-client';
import { AttachmentPaths } from '../../protocol/attachments';
import { MutationName } from '../../protocol/mutations';
import { DEFAULT_BACKOFF, backoffDelay } from '../../sync/backoff';
import { apiFetch, apiUrl } from '../FileApi';
import { readLocalFile, type AttachmentDeps } from '../AttachmentDeps';
import { UploadState, type UploadRow } from '../entities';
import { fileLimits } from '../fileLimits';
import { DexieUrlStorage } from './DexieUrlStorage';
import { FetchHttpStack } from './FetchHttpStack';

/** How one attempt ended. */
export type UploadOutcome = 'done' | 'deduplicated' | 'retry' | 'refused' | 'not-ready';

export interface UploadProgress {
  key: string;
  name: string;
  offset: number;
  size: number;
}

/** Refusals that no retry can change: shown to the user like a dead letter. */
const REFUSED = new Set([403, 413, 422]);

/** tus's own retries within one attempt (a short server restart is ridden out in place). */
const TUS_RETRY_DELAYS = [0, 1000, 3000, 5000];

export function fingerprintOf(row: Pick<UploadRow, 'notebookId' | 'sha256'>): string {
  return `tideline:${row.notebookId}:${row.sha256}`;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function refusalFor(status: number, body: string): Refusal {
  let message = '';
  let code = `http-${status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    message = parsed.error?.message ?? '';
    code = parsed.error?.code ?? code;
  } catch {
    // Not JSON: the status says enough.
  }
  const fallback =
    status === 413
      ? 'The server does not accept files this large.'
      : status === 422
        ? 'The file arrived damaged (its contents did not match). Remove it and attach it again.'
        : 'You may not add files to this notebook.';
  return new Refusal(code, message || fallback);
}

async function notebookOnServer(deps: AttachmentDeps, notebookId: string): Promise<boolean> {
  const creating = await deps.db.outbox
    .where('entityId')
    .equals(notebookId)
    .filter((row) => row.name === MutationName.NotebookCreate)
    .count();
  return creating === 0;
}

function tusUpload(
  deps: AttachmentDeps,
  row: UploadRow,
  file: Blob,
  chunkSize: number,
  onProgress: (progress: UploadProgress) => void,
): Promise<void> {
  const storage = new DexieUrlStorage(deps.db);
  let sent = 0;
  let flushed = Promise.resolve();
  const stack = new FetchHttpStack(deps.api, (bytes) => {
    sent += bytes;
  });
  return new Promise<void>((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: apiUrl(deps.api, AttachmentPaths.uploads),
      metadata: {
        notebookId: row.notebookId,
        sha256: row.sha256,
        filename: row.name,
        filetype: row.type,
      },
      uploadSize: file.size,
      chunkSize,
      retryDelays: TUS_RETRY_DELAYS,
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return !(
          status >= 400 &&
          status < 500 &&
          status !== 409 &&
          status !== 423 &&
          status !== 429
        );
      },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: () => Promise.resolve(fingerprintOf(row)),
      urlStorage: storage,
      httpStack: stack,
      fileReader: {
        openFile: (input: Blob) =>
          Promise.resolve({
            size: input.size,
            slice: (start: number, end: number) =>
              Promise.resolve({ value: input.slice(start, end), done: end >= input.size }),
            close: () => undefined,
          }),
      },
      onChunkComplete: (_chunk, accepted) => {
        const update = { offset: accepted, sentBytes: row.sentBytes + sent, updatedAt: Date.now() };
        flushed = flushed.then(() => deps.db.uploads.update(row.key, update).then(() => undefined));
        onProgress({ key: row.key, name: row.name, offset: accepted, size: row.size });
      },
      onSuccess: () => {
        row.sentBytes += sent;
        void flushed.then(resolve);
      },
      onError: (error) => {
        row.sentBytes += sent;
        const detailed = error as DetailedError;
        const status = detailed.originalResponse?.getStatus() ?? 0;
        const body = detailed.originalResponse?.getBody() ?? '';
        void flushed.then(() => reject(REFUSED.has(status) ? refusalFor(status, body) : error));
      },
    });
    void upload.findPreviousUploads().then(
      (previous) => {
        const latest = previous[0];
        if (latest) upload.resumeFromPreviousUpload(latest);
        upload.start();
      },
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

async function finish(
  deps: AttachmentDeps,
  row: UploadRow,
  patch: Partial<UploadRow>,
): Promise<void> {
  await deps.db.uploads.update(row.key, { ...patch, updatedAt: (deps.now ?? Date.now)() });
}

/** Runs one attempt for `row` (the caller holds the upload lock). */
export async function uploadOne(
  deps: AttachmentDeps,
  row: UploadRow,
  onProgress: (progress: UploadProgress) => void = () => undefined,
): Promise<UploadOutcome> {
  const now = () => (deps.now ?? Date.now)();
  if (!(await notebookOnServer(deps, row.notebookId))) return 'not-ready';
  const file = await readLocalFile(deps, row.sha256);
  if (!file) {
    await finish(deps, row, {
      state: UploadState.Refused,
      error: { code: 'missing', message: 'The file is no longer on this device; attach it again.' },
    });
    return 'refused';
  }
  await finish(deps, row, { state: UploadState.Uploading, error: null });
  try {
    const head = await apiFetch(deps.api, AttachmentPaths.file(row.notebookId, row.sha256), {
      method: 'HEAD',
    });
    if (head.ok) {
      await finish(deps, row, { state: UploadState.Done, offset: row.size, attempts: 0 });
      await new DexieUrlStorage(deps.db).removeFingerprint(fingerprintOf(row));
      onProgress({ key: row.key, name: row.name, offset: row.size, size: row.size });
      return 'deduplicated';
    }
    if (REFUSED.has(head.status)) throw refusalFor(head.status, '');
    if (head.status !== 404) throw new Error(`HEAD answered ${head.status}`);
    const { chunkBytes } = await fileLimits(deps.db, deps.api, now());
    await tusUpload(deps, row, file, chunkBytes, onProgress);
    await finish(deps, row, {
      state: UploadState.Done,
      offset: row.size,
      attempts: 0,
      sentBytes: row.sentBytes,
    });
    return 'done';
  } catch (error) {
    if (error instanceof Refusal) {
      await new DexieUrlStorage(deps.db).removeFingerprint(fingerprintOf(row));
      await finish(deps, row, {
        state: UploadState.Refused,
        sentBytes: row.sentBytes,
        error: { code: error.code, message: error.message },
      });
      return 'refused';
    }
    const attempts = row.attempts + 1;
    await finish(deps, row, {
      state: UploadState.Waiting,
      attempts,
      sentBytes: row.sentBytes,
      nextAttemptAt: now() + backoffDelay(attempts, DEFAULT_BACKOFF, Math.random),
      error: {
        code: 'retry',
        message: 'The upload was interrupted; Tideline will carry on from where it stopped.',
      },
    });
    return 'retry';
  }
}
