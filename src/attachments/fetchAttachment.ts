// An attachment's bytes for viewing: from this device when they are here, else downloaded once
// (GET …/attachments/:id/content), checked against the attachment's SHA-256 and kept, so the
// next view — or the next one offline — needs no network. Runs in the sync worker.
import { AttachmentPaths, type AttachmentFields } from '../protocol/attachments';
import { AttachmentError, AttachmentErrorCode } from './AttachmentError';
import { keepLocalFile, readLocalFile, type AttachmentDeps } from './AttachmentDeps';
import { apiFetch } from './FileApi';
import { hashBlob } from './hashBlob';

export type AttachmentRef = Pick<AttachmentFields, 'id' | 'sha256' | 'type' | 'size' | 'name'>;

export async function fetchAttachment(
  deps: AttachmentDeps,
  notebookId: string,
  attachment: AttachmentRef,
  /** False when fetched only to keep it (a notebook kept offline), not for the person to view. */
  { opened = true }: { opened?: boolean } = {},
): Promise<Blob> {
  const now = (deps.now ?? Date.now)();
  const here = await readLocalFile(deps, attachment.sha256);
  if (here) {
    if (opened) await deps.db.files.update(attachment.sha256, { openedAt: now });
    return here;
  }
  let response: Response;
  try {
    response = await apiFetch(deps.api, AttachmentPaths.content(notebookId, attachment.id));
  } catch (error) {
    throw new AttachmentError(
      AttachmentErrorCode.Unavailable,
      `“${attachment.name}” is not on this device yet and the server cannot be reached. Open it again when you are online.`,
      { cause: error },
    );
  }
  if (response.status === 404) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    if (body?.error?.code === 'attachment-not-uploaded') {
      throw new AttachmentError(
        AttachmentErrorCode.NotUploaded,
        `“${attachment.name}” is still on its way from the device it was attached on. It opens here once that upload finishes.`,
      );
    }
    throw new AttachmentError(
      AttachmentErrorCode.NotFound,
      `“${attachment.name}” is no longer on this entry.`,
    );
  }
  if (!response.ok) {
    throw new AttachmentError(
      AttachmentErrorCode.Unavailable,
      `“${attachment.name}” could not be downloaded (HTTP ${response.status}). Try again shortly.`,
    );
  }
  const blob = await response.blob();
  const sha256 = await hashBlob(blob);
  if (sha256 !== attachment.sha256) {
    throw new AttachmentError(
      AttachmentErrorCode.Missing,
      `“${attachment.name}” arrived damaged; nothing was kept. Try again.`,
    );
  }
  await keepLocalFile(deps, sha256, blob, attachment.type, 'downloaded');
  if (opened) await deps.db.files.update(sha256, { openedAt: now });
  return (await readLocalFile(deps, sha256)) ?? blob;
}

const KEEP_LOCK_NAME = 'tideline-keep-files';

interface LocksLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Downloads every stored attachment of a notebook that is not on this device yet. One context
 * at a time (the `tideline-keep-files` Web Lock): the page's worker and the service worker after
 * a push would otherwise fetch the same files twice; the second finds them here.
 */
export interface KeepOptions {
  onProgress?: (done: number, total: number) => void;
  /** Files another way is downloading (Background Fetch): left alone here. */
  skip?: ReadonlySet<string>;
  /** Leave files of this many bytes or more to the caller (who hands them to Background Fetch). */
  leaveLargeFrom?: number;
}

export interface KeepResult {
  downloaded: number;
  failed: number;
  /** Missing files left alone because of `leaveLargeFrom`. */
  left: AttachmentRef[];
}

export function keepNotebookFiles(
  deps: AttachmentDeps,
  notebookId: string,
  options: KeepOptions = {},
): Promise<KeepResult> {
  const locks = (globalThis as { navigator?: { locks?: LocksLike } }).navigator?.locks;
  const work = () => downloadMissing(deps, notebookId, options);
  return locks ? locks.request(KEEP_LOCK_NAME, work) : work();
}

/** The notebook's stored files that are not on this device, once per content. */
export async function missingNotebookFiles(
  deps: AttachmentDeps,
  notebookId: string,
): Promise<AttachmentRef[]> {
  const entries = await deps.db.entries.where('notebookId').equals(notebookId).toArray();
  const wanted = new Map<string, AttachmentRef>();
  for (const entry of entries) {
    for (const attachment of entry.attachments ?? []) {
      if (attachment.stored && !wanted.has(attachment.sha256))
        wanted.set(attachment.sha256, attachment);
    }
  }
  const missing: AttachmentRef[] = [];
  for (const attachment of wanted.values()) {
    if (!(await readLocalFile(deps, attachment.sha256))) missing.push(attachment);
  }
  return missing;
}

async function downloadMissing(
  deps: AttachmentDeps,
  notebookId: string,
  { onProgress = () => undefined, skip = new Set(), leaveLargeFrom = Infinity }: KeepOptions,
): Promise<KeepResult> {
  const missing: AttachmentRef[] = [];
  const left: AttachmentRef[] = [];
  for (const file of await missingNotebookFiles(deps, notebookId)) {
    if (skip.has(file.sha256)) continue;
    (file.size >= leaveLargeFrom ? left : missing).push(file);
  }
  let downloaded = 0;
  let failed = 0;
  for (const attachment of missing) {
    try {
      await fetchAttachment(deps, notebookId, attachment, { opened: false });
      downloaded += 1;
    } catch {
      failed += 1;
    }
    onProgress(downloaded + failed, missing.length);
  }
  return { downloaded, failed, left };
}
