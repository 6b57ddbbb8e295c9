// The messages between the page and the dedicated sync worker. Each job has an id chosen by the
// page; the worker answers with any number of `progress` messages and then exactly one `done` or
// `failed`.
//
//   page ──{type:'sync', jobId}──────────────────────────────▶ worker   a full push + pull
//   page ──{type:'import', jobId, notebookId, file}──────────▶ worker   validate, write, sync
//   page ──{type:'tags', jobId, notebookId}──────────────────▶ worker   a notebook's tag counts
//   page ──{type:'attach' | 'uploads' | 'download' | 'keep-files' | 'collect-files', …}─▶ worker
//                                                        attachments (src/attachments/attachmentJobs.ts)
//   page ◀──{type:'progress', jobId, progress:{phase, done, total}}──── worker   (0..n)
//   page ◀──{type:'done', jobId, result} | {type:'failed', jobId, error}─ worker   (exactly 1)
//
// Errors cross as plain data ({name, code, message, issues, facts}); the page rebuilds a typed
// WorkerJobError from them, so callers still branch on `code`, and from the facts the sync core's
// own error (OfflineError, AuthRequiredError…), so a sync that failed in the worker is handled
// like one that failed on the page (reviveSyncError.ts).

import type { TagCount } from '../db/entryIds';
import type { AttachmentJobRequest, AttachmentJobResult } from '../attachments/attachmentJobs';

/** What a job is doing: writing imported entries, sending changes, or receiving them. */
export type JobPhase = 'import' | 'push' | 'pull' | 'upload' | 'download';

export interface JobProgress {
  phase: JobPhase;
  done: number;
  total: number;
}

export interface SyncJobResult {
  pushed: number;
  rejected: number;
  pulled: number;
  durationMs: number;
}

export interface ImportJobResult {
  /** Entries created on this device. */
  imported: number;
  /** The sync that followed the import, or null when it failed (see `syncError`). */
  sync: SyncJobResult | null;
  /** Why the follow-up sync failed (offline, say): the entries are saved and sync later. */
  syncError?: SerializedError;
}

export interface SerializedError {
  name: string;
  /** `offline`, `auth-required`, `server-busy`, an import or local-write code… */
  code: string;
  /** Plain words for the user (describeSyncError's, for a sync failure). */
  message: string;
  issues?: readonly { path: string; message: string }[];
  /** What the page needs to rebuild the sync core's error: the original message, the HTTP
   *  status and the server's Retry-After, where there were any. */
  facts?: { detail?: string; status?: number; retryAfterMs?: number };
}

export type WorkerRequest =
  | { type: 'sync'; jobId: number }
  | { type: 'import'; jobId: number; notebookId: string; file: Blob }
  | { type: 'tags'; jobId: number; notebookId: string }
  | AttachmentJobRequest;

/** What a job hands back: a sync's figures, an import's, or a notebook's tag counts. */
export type JobResult = SyncJobResult | ImportJobResult | TagCount[] | AttachmentJobResult;

export type WorkerReply =
  | { type: 'progress'; jobId: number; progress: JobProgress }
  | { type: 'done'; jobId: number; result: JobResult }
  | { type: 'failed'; jobId: number; error: SerializedError };
