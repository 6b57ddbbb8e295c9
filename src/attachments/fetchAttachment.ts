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
): Promise<Blob> {
  const here = await readLocalFile(deps, attachment.sha256);
  if (here) return here;
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
  await keepLocalFile(deps, sha256, blob, attachment.type);
  return (await readLocalFile(deps, sha256)) ?? blob;
}

/** Downloads every stored attachment of a notebook that is not on this device yet. */
export async function keepNotebookFiles(
  deps: AttachmentDeps,
  notebookId: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ downloaded: number; failed: number }> {
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
  let downloaded = 0;
  let failed = 0;
  for (const attachment of missing) {
    try {
      await fetchAttachment(deps, notebookId, attachment);
      downloaded += 1;
    } catch {
      failed += 1;
    }
    onProgress(downloaded + failed, missing.length);
  }
  return { downloaded, failed };
}
