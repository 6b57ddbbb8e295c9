// The attachment work the sync worker does for the page, as jobs (src/workers/protocol.ts):
// attach (hash, keep, thumbnail, write), send due uploads, download one file, keep a notebook's
// files, collect unreferenced bytes. The page calls them through attachments.ts; where no worker
// starts, the same function runs on the page.
import type { JobProgress } from '../workers/protocol';
import type { AttachmentDeps } from './AttachmentDeps';
import { collectFiles } from './collectFiles';
import { fetchAttachment, keepNotebookFiles, type AttachmentRef } from './fetchAttachment';
import { storeAndAttach, type AttachRequest, type AttachResult } from './storeAndAttach';
import { runUploads, type UploadRunResult } from './upload/runUploads';

export type AttachmentJobRequest =
  | { type: 'attach'; jobId: number; request: AttachRequest }
  | { type: 'uploads'; jobId: number; force: boolean }
  | { type: 'download'; jobId: number; notebookId: string; attachment: AttachmentRef }
  | { type: 'keep-files'; jobId: number; notebookId: string }
  | { type: 'collect-files'; jobId: number };

export type AttachmentJobResult =
  | AttachResult
  | UploadRunResult
  | Blob
  | { downloaded: number; failed: number }
  | { marked: number; deleted: number }
  | null;

const TYPES = new Set(['attach', 'uploads', 'download', 'keep-files', 'collect-files']);

export function isAttachmentJob(request: { type: string }): request is AttachmentJobRequest {
  return TYPES.has(request.type);
}

export async function runAttachmentJob(
  deps: AttachmentDeps,
  request: AttachmentJobRequest,
  onProgress: (progress: JobProgress) => void,
): Promise<AttachmentJobResult> {
  switch (request.type) {
    case 'attach':
      return storeAndAttach(deps, request.request);
    case 'uploads':
      return runUploads(deps, {
        force: request.force,
        onProgress: ({ offset, size }) =>
          onProgress({ phase: 'upload', done: offset, total: size }),
      });
    case 'download':
      return fetchAttachment(deps, request.notebookId, request.attachment);
    case 'keep-files':
      return keepNotebookFiles(deps, request.notebookId, (done, total) =>
        onProgress({ phase: 'download', done, total }),
      );
    case 'collect-files':
      return collectFiles(deps);
  }
}
