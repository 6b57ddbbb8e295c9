// The page's one memo player, made on first use; its <audio> element lives on document.body so
// that a memo plays on across page changes and while the page is hidden.
import { browserAttachmentDeps, readLocalFile } from '../attachments/AttachmentDeps';
import { attachmentBlob } from '../app/attachments';
import { AttachmentError, AttachmentErrorCode } from '../attachments/AttachmentError';
import { getDb } from '../db/db';
import { AttachmentPaths } from '../protocol/attachments';
import { MemoPlayer, type MemoTrack } from './MemoPlayer';

/**
 * The memo's bytes on this device when they are here; else downloaded and kept (so it plays
 * offline next time); where the download fails for a passing reason while online, streamed from
 * the server with Range requests. What streaming could not fix either (offline, not uploaded
 * yet, removed) is thrown, so the player says it in the download's own words.
 */
async function sourceOf(track: MemoTrack): Promise<string> {
  const local = await readLocalFile(browserAttachmentDeps(getDb()), track.sha256);
  if (local) return URL.createObjectURL(local);
  const entry = await getDb().entries.get(track.entryId);
  const attachment = entry?.attachments?.find((item) => item.id === track.attachmentId);
  if (attachment) {
    try {
      return URL.createObjectURL(await attachmentBlob(track.notebookId, attachment));
    } catch (error) {
      const final =
        error instanceof AttachmentError &&
        (error.code === AttachmentErrorCode.NotUploaded ||
          error.code === AttachmentErrorCode.NotFound ||
          (error.code === AttachmentErrorCode.Unavailable && !navigator.onLine));
      if (final) throw error;
      // Otherwise stream it.
    }
  }
  return AttachmentPaths.content(track.notebookId, track.attachmentId);
}

let player: MemoPlayer | undefined;

export function memoPlayer(): MemoPlayer {
  player ??= new MemoPlayer(sourceOf);
  return player;
}

/** The player if one was made (the shell shows it only then). */
export function existingMemoPlayer(): MemoPlayer | undefined {
  return player;
}
