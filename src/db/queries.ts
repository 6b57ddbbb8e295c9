// Reads for the UI, written to run inside `liveQuery` so lists follow every change, whichever
// context made it. They show the local view: pending changes included, local deletes hidden.
import Dexie from 'dexie';
import type { DeadLetterRow, EntryRow, NotebookRow, TidelineDB } from './db';

/** Notebooks on this device by name, without ones deleted here and not yet synced. */
export async function listNotebooks(db: TidelineDB): Promise<NotebookRow[]> {
  return (await db.notebooks.orderBy('name').toArray()).filter((notebook) => !notebook.deleted);
}

/** Newest first by update or creation time, or tasks soonest due first (then the rest by update). */
export type EntryOrder = 'updated' | 'created' | 'due';

/** A notebook's entries, newest first by update or creation time; `done` filters tasks. */
export async function listEntries(
  db: TidelineDB,
  notebookId: string,
  options: { order?: EntryOrder; done?: boolean; limit?: number } = {},
): Promise<EntryRow[]> {
  let rows: EntryRow[];
  if (options.done !== undefined) {
    rows = await db.entries
      .where('[notebookId+doneKey]')
      .equals([notebookId, options.done ? 1 : 0])
      .toArray();
    const key = options.order === 'created' ? 'createdAt' : 'updatedAt';
    rows.sort((a, b) => b[key] - a[key]);
  } else {
    const index = options.order === 'created' ? '[notebookId+createdAt]' : '[notebookId+updatedAt]';
    rows = await db.entries
      .where(index)
      .between([notebookId, Dexie.minKey], [notebookId, Dexie.maxKey])
      .reverse()
      .toArray();
  }
  const visible = rows.filter((entry) => !entry.deleted);
  return options.limit === undefined ? visible : visible.slice(0, options.limit);
}

/** An entry as the UI shows it, or undefined when it is gone or deleted here. */
export async function getEntry(db: TidelineDB, entryId: string): Promise<EntryRow | undefined> {
  const entry = await db.entries.get(entryId);
  return entry && !entry.deleted ? entry : undefined;
}

/** Mutations waiting for the server. */
export function countPending(db: TidelineDB): Promise<number> {
  return db.outbox.count();
}

/** Changes the server refused, newest first, for the list where the user retries or discards. */
export async function listDeadLetters(db: TidelineDB): Promise<DeadLetterRow[]> {
  return (await db.deadLetters.toArray()).reverse();
}
