// Deleting an entry from its editor: the local write (through the outbox), then "Entry deleted ·
// Undo" for a while. The undo brings the entry back as the person last saw it, even after this
// device has let the tombstone go.
import { getDb } from '../db/db';
import { entryStateOf } from '../sync/localView';
import { deleteEntry, restoreEntry } from '../sync/mutate';
import { offerUndo } from './offerUndo';

export async function deleteEntryWithUndo(notebookId: string, entryId: string): Promise<void> {
  await deleteEntry(getDb(), notebookId, entryId);
  const stored = await getDb().entries.get(entryId);
  const seed = stored ? { ...entryStateOf(stored), deleted: false } : undefined;
  offerUndo({
    message: 'Entry deleted',
    undone: 'Entry restored',
    undo: () => restoreEntry(getDb(), notebookId, entryId, seed ? { seed } : {}),
  });
}
