// The page's way to attach, remove and open files — the module other features (voice memos)
// build on:
//
//   await attachFile({ notebookId, entryId, blob, name, type, durationMs });   // → {attachmentId, sha256}
//   await removeAttachment(notebookId, entryId, attachmentId);
//   const blob = await attachmentBlob(notebookId, attachment);  // local, else downloaded and kept
//   const url  = await attachmentObjectUrl(notebookId, attachment);  // for <img>, <audio>, <video>
//
// The heavy work (hashing, keeping the bytes, the thumbnail, uploads, downloads) runs in the sync
// worker (attachmentJobs.ts); after an attach the entry shows the file at once (the outbox
// write), the outbox is pushed, and the upload starts (uploadScheduler.ts), with the
// `tideline-uploads` Background Sync tag registered so the service worker finishes it if every
// page closes first.
import { getDb } from '../db/db';
import { removeAttachmentLocally } from '../attachments/removeAttachmentLocally';
import { getSyncEngine } from './sync';
import { nextWorkerJobId, startWorkerJob, type WorkerJob } from '../workers/syncWorkerClient';
import type { JobProgress } from '../workers/protocol';
import { browserAttachmentDeps } from '../attachments/AttachmentDeps';
import { runAttachmentJob, type AttachmentJobRequest } from '../attachments/attachmentJobs';
import { AttachmentError } from '../attachments/AttachmentError';
import type { AttachmentRef } from '../attachments/fetchAttachment';
import type { AttachRequest, AttachResult } from '../attachments/storeAndAttach';
import { requestUploads } from './uploadScheduler';

export type { AttachRequest, AttachResult } from '../attachments/storeAndAttach';
export type { AttachmentRef } from '../attachments/fetchAttachment';

export interface AttachFileOptions extends Omit<AttachRequest, 'name' | 'type'> {
  name?: string;
  type?: string;
}

/** Runs an attachment job in the sync worker (or on this page where none starts). */
type WithoutJobId<R> = R extends unknown ? Omit<R, 'jobId'> : never;

export function attachmentJob<T>(request: WithoutJobId<AttachmentJobRequest>): WorkerJob<T> {
  const full = { ...request, jobId: nextWorkerJobId() } as AttachmentJobRequest;
  return startWorkerJob(full, (onProgress: (progress: JobProgress) => void) =>
    runAttachmentJob(browserAttachmentDeps(getDb()), full, onProgress),
  ) as unknown as WorkerJob<T>;
}

/** Rebuilds an AttachmentError from a failed job, keeping its code and words. */
function revive(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const causeName = (error as { causeName?: unknown }).causeName;
  if (causeName === 'AttachmentError' && typeof code === 'string') {
    return new AttachmentError(code as AttachmentError['code'], (error as Error).message);
  }
  return error;
}

/** Attaches `blob` to an entry: kept on this device at once, uploaded in the background. */
export async function attachFile(options: AttachFileOptions): Promise<AttachResult> {
  const file = options.blob as Partial<File>;
  const request: AttachRequest = {
    notebookId: options.notebookId,
    entryId: options.entryId,
    blob: options.blob,
    name: options.name ?? file.name ?? 'file',
    type: options.type ?? options.blob.type,
    durationMs: options.durationMs ?? null,
    ...(options.id !== undefined && { id: options.id }),
    ...(options.thumbnail !== undefined && { thumbnail: options.thumbnail }),
  };
  const result = await attachmentJob<AttachResult>({ type: 'attach', request }).done.catch(
    (error: unknown) => {
      throw revive(error);
    },
  );
  // Written in the sync worker, so the page's own write announcements did not see it.
  getSyncEngine().notifyLocalWrite();
  requestUploads();
  return result;
}

/** Removes an attachment from its entry (an outbox write); its bytes are collected later. */
export async function removeAttachment(
  notebookId: string,
  entryId: string,
  attachmentId: string,
): Promise<void> {
  // A write on this page: LocalWrites announces it and the engine pushes.
  await removeAttachmentLocally(getDb(), notebookId, entryId, attachmentId);
}

/** The attachment's bytes: from this device, else downloaded (and kept for offline use). */
export function attachmentBlob(notebookId: string, attachment: AttachmentRef): Promise<Blob> {
  const { id, sha256, type, size, name } = attachment;
  return attachmentJob<Blob>({
    type: 'download',
    notebookId,
    attachment: { id, sha256, type, size, name },
  }).done.catch((error: unknown) => {
    throw revive(error);
  });
}

/** An object URL of the attachment's bytes (revoke it when done). */
export async function attachmentObjectUrl(
  notebookId: string,
  attachment: AttachmentRef,
): Promise<string> {
  return URL.createObjectURL(await attachmentBlob(notebookId, attachment));
}

/** Whether the bytes of `sha256` are on this device (no download needed to open it). */
export async function isOnDevice(sha256: string): Promise<boolean> {
  return (await getDb().files.get(sha256)) !== undefined;
}
