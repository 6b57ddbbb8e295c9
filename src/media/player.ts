// The page's one memo player, made on first use; its <audio> element lives on document.body so
// that a memo plays on across page changes and while the page is hidden.
import { browserAttachmentDeps, readLocalFile } from '../attachments/AttachmentDeps';
import { getDb } from '../db/db';
import { AttachmentPaths } from '../protocol/attachments';
import { MemoPlayer, type MemoTrack } from './MemoPlayer';

/** The memo's bytes on this device when they are here (played offline), else the server's,
 *  streamed with Range requests as the player seeks. */
async function sourceOf(track: MemoTrack): Promise<string> {
  const local = await readLocalFile(browserAttachmentDeps(getDb()), track.sha256);
  if (local) return URL.createObjectURL(local);
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
