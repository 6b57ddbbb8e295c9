// Applies one page of a pull in ONE transaction, so the cursors saved always match the entries
// stored (DESIGN.md, "Pull" and "Local state"):
//
//   1. acknowledgements: lastMutationId and rejections (acknowledge.ts)
//   2. notebooks: the list replaces ours; each is rebased with its pending notebook.* mutations;
//      one that vanished (and has nothing pending) leaves with its entries and cursor
//   3. per notebook: resetRequired drops its settled entries first; each record becomes the
//      entry's base and its pending mutations are re-applied on top (rebase); a tombstone removes
//      the entry unless a pending entry.put will bring it back, as the server would
//   4. the notebook's cursor, in the same transaction
//
// Entries changed by someone else count as unread, except in a first download or a reset.
import type { EntryRecord } from '../protocol/entry';
import type { Cursor, NotebookSummary, PullResponse } from '../protocol/sync';
import type { EntryRow, NotebookState, TidelineDB } from '../db/db';
import { currentUserId } from '../db/meta';
import { acknowledge, acknowledgeTables } from './acknowledge';
import { blankEntryState, entryBaseOf, entryRow, entryStateFromRecord } from './entryRow';
import {
  adjustUnread,
  pendingFor,
  rebaseEntry,
  rebaseNotebook,
  removeNotebookLocally,
} from './localView';

const FRESH: Cursor = { version: 0, horizon: 0 };

function notebookState(summary: NotebookSummary): NotebookState {
  return {
    name: summary.name,
    role: summary.role,
    ownerId: summary.ownerId,
    version: summary.version,
    createdAt: summary.createdAt,
    deleted: false,
  };
}

async function applyRecord(
  db: TidelineDB,
  record: EntryRecord,
  me: string,
  countUnread: boolean,
): Promise<void> {
  const previous = await db.entries.get(record.id);
  if (record.deleted) {
    const pending = await pendingFor(db, record.id);
    // Keep the last known fields under a pending put: the server resurrects the entry with them.
    const known = entryBaseOf(previous) ?? blankEntryState(record.notebookId, 0, '');
    const base = pending.length > 0 ? { ...known, deleted: true, version: record.version } : null;
    await rebaseEntry(db, record.id, base, me, { previous });
    return;
  }
  const unread = (previous?.unread ?? false) || (countUnread && record.updatedBy !== me);
  await rebaseEntry(db, record.id, entryStateFromRecord(record), me, { previous, unread });
}

/**
 * Applies a page's records. Most records have nothing pending and replace the entry outright:
 * those are read, written and counted in bulk (a first download is 100,000 of them). Records
 * with pending mutations, or that move an entry between notebooks, take the full rebase path.
 */
async function applyRecords(
  db: TidelineDB,
  notebookId: string,
  records: readonly EntryRecord[],
  me: string,
  countUnread: boolean,
): Promise<void> {
  if (records.length === 0) return;
  const ids = records.map((record) => record.id);
  const [present, pendingRows] = await Promise.all([
    // Keys first: in a first download none of a page is stored yet, and reading 2,000 absent
    // rows one request at a time is a good part of storing the page.
    db.entries.where(':id').anyOf(ids).primaryKeys(),
    db.outbox.where('entityId').anyOf(ids).primaryKeys(),
  ]);
  const previousRows: (EntryRow | undefined)[] =
    present.length === 0 ? [] : await db.entries.bulkGet(ids);
  const withPending = new Set<string>();
  if (pendingRows.length > 0) {
    const rows = await db.outbox.bulkGet(pendingRows);
    for (const row of rows) if (row) withPending.add(row.entityId);
  }
  const puts: EntryRow[] = [];
  const deletes: string[] = [];
  let unreadDelta = 0;
  for (const [index, record] of records.entries()) {
    const previous = previousRows[index];
    if (withPending.has(record.id) || (previous && previous.notebookId !== record.notebookId)) {
      await applyRecord(db, record, me, countUnread);
      continue;
    }
    const wasUnread = previous?.unread ?? false;
    if (record.deleted) {
      if (previous) deletes.push(record.id);
      unreadDelta -= Number(wasUnread);
      continue;
    }
    const unread = wasUnread || (countUnread && record.updatedBy !== me);
    puts.push(entryRow(record.id, entryStateFromRecord(record), { pending: 0, unread }));
    unreadDelta += Number(unread) - Number(wasUnread);
  }
  if (puts.length > 0) await db.entries.bulkPut(puts);
  if (deletes.length > 0) await db.entries.bulkDelete(deletes);
  await adjustUnread(db, notebookId, unreadDelta);
}

export async function applyPullPage(
  db: TidelineDB,
  response: PullResponse,
  request: { cursors: Readonly<Record<string, Cursor>>; ackedRejections: readonly number[] },
): Promise<void> {
  await db.transaction('rw', acknowledgeTables(db), async () => {
    await acknowledge(db, {
      lastMutationId: response.lastMutationId,
      rejections: response.rejections,
      ackedRejections: request.ackedRejections,
    });
    const me = await currentUserId(db);

    const visible = new Set<string>();
    for (const summary of response.notebooks) {
      visible.add(summary.id);
      await rebaseNotebook(db, summary.id, notebookState(summary), me);
    }
    const removed = new Set(response.removedNotebooks);
    for (const id of (await db.notebooks.toCollection().primaryKeys()) as string[]) {
      if (visible.has(id)) continue;
      // A notebook this device created and has not pushed yet is not on the server's list.
      if (!removed.has(id) && (await pendingFor(db, id)).length > 0) continue;
      await removeNotebookLocally(db, id);
    }
    for (const id of removed) await removeNotebookLocally(db, id);

    for (const change of response.changes) {
      const { notebookId } = change;
      if (!visible.has(notebookId)) continue;
      const before = request.cursors[notebookId];
      const firstCopy = change.resetRequired || !before || before.version === 0;
      if (change.resetRequired) {
        // Drop what the server may have purged; entries with pending changes stay (rebased below
        // if the fresh copy has them, kept as they are otherwise).
        await db.entries
          .where('notebookId')
          .equals(notebookId)
          .filter((entry) => entry.pending === 0)
          .delete();
        const unread = await db.entries
          .where('notebookId')
          .equals(notebookId)
          .filter((entry) => entry.unread)
          .count();
        await db.notebooks.update(notebookId, { unread });
      }
      await applyRecords(db, notebookId, change.entries, me, !firstCopy);
      // A reset with no room left in this page still carries the stale cursor: start afresh.
      const cursor =
        change.resetRequired && change.entries.length === 0 && change.hasMore
          ? FRESH
          : change.cursor;
      await db.cursors.put({ notebookId, ...cursor });
    }
  });
}
