// Writes the local view of entries and notebooks: view = base (server state) + pending outbox
// mutations, in mutation-id order. Every path that changes an entity — a local write, an
// acknowledgement, a rejection, a pulled page — ends here, so the rules live in one place:
//
//   pending > 0    the row is the view; `base` keeps the server state under it
//   pending = 0    the row is the server state (no `base`); a deleted or missing one is removed
//
// A notebook's `unread` counts its entries flagged unread; it is adjusted here whenever an
// entry's flag changes or the entry goes away. Call these inside a transaction that covers
// notebooks, entries, outbox and cursors.
import type {
  EntryRow,
  EntryState,
  NotebookRow,
  NotebookState,
  OutboxRow,
  TidelineDB,
} from '../db/db';
import { applyToEntry, applyToNotebook } from './applyMutation';
import { entryRow } from './entryRow';

// The row rules live in entryRow.ts; pages and components read these two from here.
export { entryBaseOf, entryStateOf } from './entryRow';

export function notebookStateOf(row: NotebookRow): NotebookState {
  const { id: _id, unread: _unread, pending: _pending, base: _base, ...state } = row;
  return state;
}

export function notebookBaseOf(row: NotebookRow | undefined): NotebookState | null {
  if (!row) return null;
  return row.base !== undefined ? row.base : notebookStateOf(row);
}

/** The outbox rows touching an entity, oldest first. */
export function pendingFor(db: TidelineDB, entityId: string): Promise<OutboxRow[]> {
  return db.outbox.where('entityId').equals(entityId).sortBy('mutationId');
}

/** pendingFor for many entities in one query: each entity's outbox rows, oldest first. */
export async function pendingForAll(
  db: TidelineDB,
  entityIds: readonly string[],
): Promise<Map<string, OutboxRow[]>> {
  const byEntity = new Map<string, OutboxRow[]>();
  if (entityIds.length === 0) return byEntity;
  const rows = await db.outbox.where('entityId').anyOf(entityIds).sortBy('mutationId');
  for (const row of rows) {
    const list = byEntity.get(row.entityId);
    if (list) list.push(row);
    else byEntity.set(row.entityId, [row]);
  }
  return byEntity;
}

/** Moves a notebook's unread count by `delta` (never below 0). */
export async function adjustUnread(
  db: TidelineDB,
  notebookId: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  await db.notebooks
    .where('id')
    .equals(notebookId)
    .modify((notebook) => {
      notebook.unread = Math.max(0, notebook.unread + delta);
    });
}

export interface EntryUpdate {
  view: EntryState | null;
  base: EntryState | null;
  pending: number;
  unread: boolean;
  /** Notebooks already known to be on this device (saves looking each one up). */
  notebooksHere?: ReadonlySet<string>;
}

/** Stores an entry's new view (or removes it) given the row it replaces. */
export async function writeEntry(
  db: TidelineDB,
  id: string,
  previous: EntryRow | undefined,
  update: EntryUpdate,
): Promise<void> {
  const { view, base, pending } = update;
  let keep = view !== null && !(view.deleted && pending === 0);
  // An entry whose notebook has left this device goes with it.
  if (keep && view && !update.notebooksHere?.has(view.notebookId)) {
    if (!(await db.notebooks.get(view.notebookId))) keep = false;
  }
  const unread = keep && update.unread;
  if (keep && view) {
    await db.entries.put(entryRow(id, view, { pending, unread, base }));
  } else if (previous) {
    await db.entries.delete(id);
  }
  if (previous && previous.notebookId !== view?.notebookId && previous.unread) {
    await adjustUnread(db, previous.notebookId, -1);
    if (unread && view) await adjustUnread(db, view.notebookId, 1);
  } else if (view) {
    await adjustUnread(db, view.notebookId, Number(unread) - Number(previous?.unread ?? false));
  } else if (previous?.unread) {
    await adjustUnread(db, previous.notebookId, -1);
  }
}

/** Recomputes an entry from a base and its pending mutations, and stores it. */
export async function rebaseEntry(
  db: TidelineDB,
  id: string,
  base: EntryState | null,
  me: string,
  options: {
    previous?: EntryRow | undefined;
    unread?: boolean;
    pending?: OutboxRow[];
    notebooksHere?: ReadonlySet<string>;
  } = {},
): Promise<void> {
  const previous = 'previous' in options ? options.previous : await db.entries.get(id);
  const pending = options.pending ?? (await pendingFor(db, id));
  const view = pending.reduce<EntryState | null>(
    (state, mutation) => applyToEntry(state, mutation, me),
    base,
  );
  await writeEntry(db, id, previous, {
    view,
    base,
    pending: pending.length,
    unread: options.unread ?? previous?.unread ?? false,
    ...(options.notebooksHere && { notebooksHere: options.notebooksHere }),
  });
}

/** Drops a notebook from this device: its row, its entries and its cursor. */
export async function removeNotebookLocally(db: TidelineDB, id: string): Promise<void> {
  await db.notebooks.delete(id);
  await db.entries.where('notebookId').equals(id).delete();
  await db.cursors.delete(id);
}

/** Recomputes a notebook from a base and its pending mutations, and stores it. */
export async function rebaseNotebook(
  db: TidelineDB,
  id: string,
  base: NotebookState | null,
  me: string,
): Promise<void> {
  const previous = await db.notebooks.get(id);
  const pending = await pendingFor(db, id);
  const view = pending.reduce<NotebookState | null>(
    (state, mutation) => applyToNotebook(state, mutation, me),
    base,
  );
  if (view === null || (view.deleted && pending.length === 0)) {
    if (previous) await removeNotebookLocally(db, id);
    return;
  }
  const row: NotebookRow = {
    ...view,
    id,
    unread: previous?.unread ?? 0,
    pending: pending.length,
  };
  if (pending.length > 0) row.base = base;
  await db.notebooks.put(row);
}
