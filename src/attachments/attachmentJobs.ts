// The attachment work the sync worker does for the page, as jobs (src/workers/protocol.ts):
// attach (hash, keep, thumbnail, write), send due uploads, download one file, keep a notebook's
// files, collect unreferenced bytes, count a notebook's files. The page calls them through attachments.ts; where no worker
// starts, the same function runs on the page.
import type { JobProgress } from '../workers/protocol';
import type { AttachmentDeps } from './AttachmentDeps';
import { collectFiles } from './collectFiles';
import {
  fetchAttachment,
  keepNotebookFiles,
  type AttachmentRef,
  type KeepResult,
} from './fetchAttachment';
import { notebookFilesFacts, type NotebookFilesFacts } from './notebookFilesFacts';
import { storeAndAttach, type AttachRequest, type AttachResult } from './storeAndAttach';
import { runUploads, type UploadRunResult } from './upload/runUploads';

export type AttachmentJobRequest =
  | { type: 'attach'; jobId: number; request: AttachRequest }
  | { type: 'uploads'; jobId: number; force: boolean }
  | { type: 'download'; jobId: number; notebookId: string; attachment: AttachmentRef }
  | {
      type: 'keep-files';
      jobId: number;
      notebookId: string;
      skip?: string[];
      leaveLargeFrom?: number;
    }
  | { type: 'collect-files'; jobId: number }
  | { type: 'files-facts'; jobId: number; notebookId: string };

export type AttachmentJobResult =
  | AttachResult
  | UploadRunResult
  | Blob
  | KeepResult
  | { marked: number; deleted: number }
  | NotebookFilesFacts
  | null;

const TYPES = new Set([
  'attach',
  'uploads',
  'download',
  'keep-files',
  'collect-files',
  'files-facts',
]);

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
      return keepNotebookFiles(deps, request.notebookId, {
        onProgress: (done, total) => onProgress({ phase: 'download', done, total }),
        skip: new Set(request.skip ?? []),
        ...(request.leaveLargeFrom !== undefined && { leaveLargeFrom: request.leaveLargeFrom }),
      });
    case 'collect-files':
      return collectFiles(deps);
    case 'files-facts':
      return notebookFilesFacts(deps, request.notebookId);
  }
}
