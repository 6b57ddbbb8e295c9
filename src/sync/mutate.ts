// The named local writes the UI calls: notebooks, entries, conflicts, dead letters, read marks.
// Each goes through writeMutation (writeMutation.ts), which validates it, records it in the
// outbox and applies it to the local view in one transaction.
import type { EntryFields } from '../protocol/entry';
import { MutationName } from '../protocol/mutations';
import type { EntryState, TidelineDB } from '../db/db';
import { uuidv7 } from './uuid';
import { writeMutation, type PutOptions, type WriteOptions } from './writeMutation';

export {
  retryDeadLetter,
  writeMutation,
  type PutOptions,
  type WriteOptions,
} from './writeMutation';

/** Creates a notebook owned by the signed-in user; returns its new id. */
export async function createNotebook(
  db: TidelineDB,
  name: string,
  options: WriteOptions = {},
): Promise<string> {
  const id = uuidv7(options.now);
  await writeMutation(db, MutationName.NotebookCreate, { id, name }, options, true);
  return id;
}

export async function renameNotebook(
  db: TidelineDB,
  notebookId: string,
  name: string,
  options: WriteOptions = {},
): Promise<void> {
  await writeMutation(db, MutationName.NotebookRename, { id: notebookId, name }, options);
}

export async function deleteNotebook(
  db: TidelineDB,
  notebookId: string,
  options: WriteOptions = {},
): Promise<void> {
  await writeMutation(db, MutationName.NotebookDelete, { id: notebookId }, options);
}

/**
 * Creates an entry (no `entryId`) or changes some of its fields; returns the entry's id. Only
 * the fields given are sent, with the server version this device last saw as `baseVersion`
 * unless the caller says where the person started from. With `coalesce`, an edit merges into
 * the entry's unsent put (coalesceEntryPut.ts).
 */
export async function putEntry(
  db: TidelineDB,
  notebookId: string,
  entryId: string | undefined,
  fields: Partial<EntryFields>,
  options: PutOptions = {},
): Promise<string> {
  const { newId, ...writeOptions } = options;
  const id = entryId ?? newId ?? uuidv7(options.now);
  await writeMutation(
    db,
    MutationName.EntryPut,
    { id, notebookId, baseVersion: 0, fields },
    writeOptions,
    entryId === undefined,
  );
  return id;
}

/**
 * Brings a deleted entry back (Undo after a delete, "Recently deleted"). `seed` is the entry as
 * the person last saw it, shown at once when this device no longer holds the deleted entry; the
 * server restores the fields its tombstone kept and the next pull brings them.
 */
export async function restoreEntry(
  db: TidelineDB,
  notebookId: string,
  entryId: string,
  options: WriteOptions & { seed?: EntryState } = {},
): Promise<void> {
  await writeMutation(db, MutationName.EntryRestore, { id: entryId, notebookId }, options);
}

export async function deleteEntry(
  db: TidelineDB,
  notebookId: string,
  entryId: string,
  options: WriteOptions = {},
): Promise<void> {
  await writeMutation(db, MutationName.EntryDelete, { id: entryId, notebookId }, options);
}

/** Settles a conflicted entry: keep this version ("mine") or restore the overwritten one ("theirs"). */
export async function resolveConflict(
  db: TidelineDB,
  notebookId: string,
  entryId: string,
  keep: 'mine' | 'theirs',
  options: WriteOptions & { historyIds?: number[] } = {},
): Promise<void> {
  const { historyIds, ...writeOptions } = options;
  await writeMutation(
    db,
    MutationName.EntryResolve,
    { id: entryId, notebookId, keep, ...(historyIds && { historyIds }) },
    writeOptions,
  );
}

/** Forgets a rejected mutation. */
export async function discardDeadLetter(db: TidelineDB, deadLetterId: number): Promise<void> {
  await db.deadLetters.delete(deadLetterId);
}

/** The user opened the notebook: its entries are no longer unread. */
export async function markNotebookRead(db: TidelineDB, notebookId: string): Promise<void> {
  await db.transaction('rw', db.notebooks, db.entries, async () => {
    await db.entries
      .where('notebookId')
      .equals(notebookId)
      .filter((entry) => entry.unread)
      .modify({ unread: false });
    await db.notebooks.update(notebookId, { unread: 0 });
  });
}
