// Device-side clean-up: bytes that no entry on this device refers to any more (the attachment
// was removed, its entry deleted, its notebook left) are deleted after GRACE_MS. A file is
// referenced by any attachment in an entry's view or base (a pending removal may still be
// rejected), and by any upload not yet done (its bytes are on their way). The grace period lets
// an undo, a rejected removal or a re-attach find the bytes still here; a file referenced again
// in the meantime is kept.
import type { AttachmentDeps } from './AttachmentDeps';
import { UploadState } from './entities';

export const GRACE_MS = 24 * 60 * 60 * 1000;

export async function referencedFiles(deps: AttachmentDeps): Promise<Set<string>> {
  const referenced = new Set<string>();
  await deps.db.entries.each((entry) => {
    for (const attachment of entry.attachments ?? []) referenced.add(attachment.sha256);
    for (const attachment of entry.base?.attachments ?? []) referenced.add(attachment.sha256);
  });
  await deps.db.outbox.each((row) => {
    const sha256 = (row.args as { sha256?: unknown } | null)?.sha256;
    if (typeof sha256 === 'string') referenced.add(sha256);
  });
  await deps.db.uploads.each((upload) => {
    if (upload.state !== UploadState.Done) referenced.add(upload.sha256);
  });
  return referenced;
}

export async function collectFiles(
  deps: AttachmentDeps,
  graceMs = GRACE_MS,
): Promise<{ marked: number; deleted: number }> {
  const now = (deps.now ?? Date.now)();
  const referenced = await referencedFiles(deps);
  let marked = 0;
  let deleted = 0;
  for (const file of await deps.db.files.toArray()) {
    if (referenced.has(file.sha256)) {
      if (file.unreferencedSince !== null) {
        await deps.db.files.update(file.sha256, { unreferencedSince: null });
      }
    } else if (file.unreferencedSince === null) {
      await deps.db.files.update(file.sha256, { unreferencedSince: now });
      marked += 1;
    } else if (now - file.unreferencedSince >= graceMs) {
      await deps.db.files.delete(file.sha256);
      await deps.storeOf(file.store).delete(file.sha256);
      await deps.db.uploads.where('sha256').equals(file.sha256).delete();
      deleted += 1;
    }
  }
  return { marked, deleted };
}
