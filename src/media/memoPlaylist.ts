// A notebook's voice memos in the order they were recorded: every audio attachment of its live
// entries. The player walks this list for "previous" and "next" and plays on to the next memo.
import type { TidelineDB } from '../db/db';
import type { MemoTrack } from './MemoPlayer';

/** Whether an attachment is a memo the player can play. */
export function isMemo(attachment: { type: string }): boolean {
  return attachment.type.startsWith('audio/');
}

export async function memoPlaylist(db: TidelineDB, notebookId: string): Promise<MemoTrack[]> {
  const notebook = await db.notebooks.get(notebookId);
  const entries = await db.entries.where('notebookId').equals(notebookId).toArray();
  const memos: (MemoTrack & { at: number })[] = [];
  for (const entry of entries) {
    if (entry.deleted) continue;
    for (const attachment of entry.attachments ?? []) {
      if (!isMemo(attachment)) continue;
      memos.push({
        attachmentId: attachment.id,
        notebookId,
        entryId: entry.id,
        sha256: attachment.sha256,
        title: entry.title || attachment.name,
        notebookName: notebook?.name ?? '',
        durationMs: attachment.durationMs,
        at: attachment.createdAt ?? entry.createdAt,
      });
    }
  }
  return memos.sort((a, b) => a.at - b.at).map(({ at: _at, ...track }) => track);
}
