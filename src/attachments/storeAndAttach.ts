// Attaching a file to an entry, on the device, in this order:
//
//   1. limits    larger than the server accepts (GET /api/files/limits, kept) → refused now,
//                nothing stored; the entry must be there and writable, with room for one more
//   2. hash      SHA-256 over the file's stream (hashBlob.ts)
//   3. keep      the bytes into OPFS or IndexedDB (once per hash); out of space → refused with a
//                clear message, nothing half-kept, the entry unchanged
//   4. thumbnail a small preview for photos (makeThumbnail.ts)
//   5. write     ONE transaction: `attachment.add` into the outbox and onto the entry (every tab
//                shows it at once), and the upload row (`waiting`) the upload machine picks up
//
// From step 5 on the attachment is as safe as any local write: its row pushes through the outbox
// exactly once and its bytes wait on the device until the server holds them. Runs in the sync
// worker (attachments/worker side) or, where no worker starts, on the page.
import { AttachmentLimits, type AttachmentAddArgs } from '../protocol/attachments';
import { MutationName } from '../protocol/mutations';
import { canWrite } from '../protocol/roles';
import { writeMutation } from '../sync/writeMutation';
import { LocalWriteError, LocalWriteErrorCode } from '../sync/errors';
import { uuidv7 } from '../sync/uuid';
import { AttachmentError, AttachmentErrorCode, formatBytes } from './AttachmentError';
import { keepLocalFile, type AttachmentDeps } from './AttachmentDeps';
import { UploadState } from './entities';
import { fileLimits } from './fileLimits';
import { hashBlob } from './hashBlob';
import { makeThumbnail } from './makeThumbnail';

export interface AttachRequest {
  notebookId: string;
  entryId: string;
  blob: Blob;
  /** The file's name as shown (a File's own name by default). */
  name: string;
  /** Its media type (`image/jpeg`, `audio/webm;codecs=opus`…). */
  type: string;
  /** Audio or video length, measured on the device. */
  durationMs?: number | null;
  /** The attachment's id, when the caller needs a known one (a voice memo takes its
   *  recording's, so saving it twice attaches it once); a new id otherwise. */
  id?: string;
  /** A preview the caller made (a memo's waveform); otherwise one is made for photos. */
  thumbnail?: string | null;
}

export interface AttachResult {
  attachmentId: string;
  sha256: string;
}

export function uploadKey(notebookId: string, sha256: string): string {
  return `${notebookId}:${sha256}`;
}

function cleanType(type: string): string {
  return type.trim() || 'application/octet-stream';
}

function cleanName(name: string): string {
  const base = name.replace(/[/\\]/g, '_').replaceAll(String.fromCharCode(0), '').trim() || 'file';
  if (base.length <= AttachmentLimits.nameMax) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
  return base.slice(0, AttachmentLimits.nameMax - ext.length) + ext;
}

async function checkEntry(deps: AttachmentDeps, request: AttachRequest): Promise<void> {
  const notebook = await deps.db.notebooks.get(request.notebookId);
  if (!notebook || notebook.deleted) {
    throw new LocalWriteError(
      LocalWriteErrorCode.NotFound,
      'This notebook is not on this device any more.',
    );
  }
  if (!canWrite(notebook.role)) {
    throw new LocalWriteError(
      LocalWriteErrorCode.ReadOnly,
      'You can read this notebook but not add files to it. Ask its owner to make you an editor.',
    );
  }
  const entry = await deps.db.entries.get(request.entryId);
  if (!entry || entry.deleted || entry.notebookId !== request.notebookId) {
    throw new LocalWriteError(LocalWriteErrorCode.NotFound, 'That entry no longer exists.');
  }
  if ((entry.attachments ?? []).length >= AttachmentLimits.perEntryMax) {
    throw new AttachmentError(
      AttachmentErrorCode.TooMany,
      `An entry can hold at most ${AttachmentLimits.perEntryMax} files; remove one first.`,
    );
  }
}

export async function storeAndAttach(
  deps: AttachmentDeps,
  request: AttachRequest,
): Promise<AttachResult> {
  const { db } = deps;
  const now = (deps.now ?? Date.now)();
  const limits = await fileLimits(db, deps.api, now);
  const name = cleanName(request.name);
  if (request.blob.size > limits.maxUploadBytes) {
    throw new AttachmentError(
      AttachmentErrorCode.TooLarge,
      `“${name}” is ${formatBytes(request.blob.size)}; files can be at most ${formatBytes(limits.maxUploadBytes)}. Nothing was attached.`,
    );
  }
  await checkEntry(deps, request);
  const type = cleanType(request.type);
  const sha256 = await hashBlob(request.blob);
  await keepLocalFile(deps, sha256, request.blob, type);
  const thumbnail =
    request.thumbnail !== undefined
      ? request.thumbnail
      : await makeThumbnail(request.blob, type).catch(() => null);
  const args: AttachmentAddArgs = {
    id: request.id ?? uuidv7(now),
    entryId: request.entryId,
    notebookId: request.notebookId,
    name,
    type,
    size: request.blob.size,
    sha256,
    thumbnail,
    durationMs: request.durationMs ?? null,
  };
  const key = uploadKey(request.notebookId, sha256);
  await db.transaction(
    'rw',
    [db.outbox, db.meta, db.notebooks, db.entries, db.cursors, db.uploads, db.files],
    async () => {
      await writeMutation(db, MutationName.AttachmentAdd, args, { now });
      const existing = await db.uploads.get(key);
      if (existing?.state === UploadState.Done) return;
      await db.uploads.put({
        key,
        notebookId: request.notebookId,
        sha256,
        name,
        type,
        size: request.blob.size,
        state: UploadState.Waiting,
        offset: existing?.offset ?? 0,
        attempts: 0,
        nextAttemptAt: 0,
        error: null,
        sentBytes: existing?.sentBytes ?? 0,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
    },
  );
  return { attachmentId: args.id, sha256 };
}
