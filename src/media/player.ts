// The page's one memo player, made on first use; its <audio> element lives on document.body so
// that a memo plays on across page changes and while the page is hidden.
import { browserAttachmentDeps, readLocalFile } from '../attachments/AttachmentDeps';
import { attachmentBlob } from '../app/attachments';
import { getDb } from '../db/db';
import { AttachmentPaths } from '../protocol/attachments';
import { MemoPlayer, type MemoTrack } from './MemoPlayer';

/**
 * The memo's bytes on this device when they are here; else downloaded and kept (so it plays
 * offline next time); where that fails (the bytes are not uploaded yet, the server is out of
 * reach), streamed from the server with Range requests, which says why if it cannot.
 */
async function sourceOf(track: MemoTrack): Promise<string> {
  const local = await readLocalFile(browserAttachmentDeps(getDb()), track.sha256);
  if (local) return URL.createObjectURL(local);
  const entry = await getDb().entries.get(track.entryId);
  const attachment = entry?.attachments?.find((item) => item.id === track.attachmentId);
  if (attachment) {
    try {
      return URL.createObjectURL(await attachmentBlob(track.notebookId, attachment));
    } catch {
      // Fall through to streaming.
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
