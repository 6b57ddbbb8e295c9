// Device-side clean-up, of two kinds of bytes:
//
// - Bytes that no entry on this device refers to any more (the attachment was removed, its entry
//   deleted, its notebook left) are deleted after GRACE_MS. A file is referenced by any attachment
//   in an entry's view or base (a pending removal may still be rejected), and by any upload not
//   yet done (its bytes are on their way). The grace period lets an undo, a rejected removal or a
//   re-attach find the bytes still here; a file referenced again in the meantime is kept.
// - Downloaded copies (LocalFileRow.downloaded: fetched from the server, not attached here) that
//   no notebook keeps offline: the server holds them and they download again when opened. One
//   the person opened stays OPENED_KEEP_MS after its last opening (it opens offline meanwhile);
//   one only kept for its notebook goes at the first clean-up after the notebook's "keep files
//   on this device" is turned off.
//
// Never deleted, whatever the setting: bytes attached on this device while an entry refers to
// them, and any bytes an upload or a queued mutation still needs.
import { MutationName } from '../protocol/mutations';
import type { AttachmentDeps } from './AttachmentDeps';
import { UploadState, type LocalFileRow } from './entities';
import { keptOfflineNotebooks } from './keepOffline';

export const GRACE_MS = 24 * 60 * 60 * 1000;
/** How long a downloaded copy the person opened stays when its notebook is not kept offline. */
export const OPENED_KEEP_MS = 7 * 24 * 60 * 60 * 1000;

interface References {
  /** sha256 → the notebooks whose entries refer to it. */
  entries: Map<string, Set<string>>;
  /** Needed by an upload not yet done or a queued mutation. */
  pending: Set<string>;
}

async function references(deps: AttachmentDeps): Promise<References> {
  const entries = new Map<string, Set<string>>();
  const refer = (sha256: string, notebookId: string) => {
    let notebooks = entries.get(sha256);
    if (!notebooks) entries.set(sha256, (notebooks = new Set()));
    notebooks.add(notebookId);
  };
  await deps.db.entries.each((entry) => {
    for (const attachment of entry.attachments ?? []) refer(attachment.sha256, entry.notebookId);
    for (const attachment of entry.base?.attachments ?? []) {
      refer(attachment.sha256, entry.notebookId);
    }
  });
  const pending = new Set<string>();
  await deps.db.outbox.each((row) => {
    if (row.name === MutationName.AttachmentAdd) pending.add(row.args.sha256);
  });
  await deps.db.uploads.each((upload) => {
    if (upload.state !== UploadState.Done) pending.add(upload.sha256);
  });
  return { entries, pending };
}

export async function referencedFiles(deps: AttachmentDeps): Promise<Set<string>> {
  const { entries, pending } = await references(deps);
  return new Set([...entries.keys(), ...pending]);
}

/** Whether a downloaded copy may go: nothing needs it here that the server cannot give again. */
function dropCopy(
  file: LocalFileRow,
  notebooks: Set<string>,
  kept: Set<string>,
  now: number,
): boolean {
  if (!file.downloaded) return false;
  if ([...notebooks].some((notebookId) => kept.has(notebookId))) return false;
  return file.openedAt == null || now - file.openedAt >= OPENED_KEEP_MS;
}

export async function collectFiles(
  deps: AttachmentDeps,
  graceMs = GRACE_MS,
): Promise<{ marked: number; deleted: number }> {
  const now = (deps.now ?? Date.now)();
  const { entries, pending } = await references(deps);
  const kept = await keptOfflineNotebooks(deps.db);
  let marked = 0;
  let deleted = 0;
  const remove = async (file: LocalFileRow) => {
    await deps.db.files.delete(file.sha256);
    await deps.storeOf(file.store).delete(file.sha256);
    await deps.db.uploads.where('sha256').equals(file.sha256).delete();
    deleted += 1;
  };
  for (const file of await deps.db.files.toArray()) {
    const notebooks = entries.get(file.sha256);
    if (pending.has(file.sha256)) {
      if (file.unreferencedSince !== null) {
        await deps.db.files.update(file.sha256, { unreferencedSince: null });
      }
    } else if (notebooks) {
      if (dropCopy(file, notebooks, kept, now)) await remove(file);
      else if (file.unreferencedSince !== null) {
        await deps.db.files.update(file.sha256, { unreferencedSince: null });
      }
    } else if (file.unreferencedSince === null) {
      await deps.db.files.update(file.sha256, { unreferencedSince: now });
      marked += 1;
    } else if (now - file.unreferencedSince >= graceMs) {
      await remove(file);
    }
  }
  return { marked, deleted };
}
