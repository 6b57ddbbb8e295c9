// A notebook's entry ids (a queryEntryIds result, entryIds.ts) brought up to date after a write,
// by reading only the entries the write changed: where each one now goes in display order, and
// whether it is listed under the filter at all. Must agree with a full read.
import type { EntryRow, TidelineDB } from './db';
import { dueRange, locallyDeleted, searchTerms, type EntryFilter } from './entryIds';
import type { EntryOrder } from './queries';

/** Display order for `order`: newest first, ties by id descending (as the index reads them);
 *  by due time, soonest first with ties by id ascending, then the rest newest first. */
export function displayOrder(order: EntryOrder): (a: EntryRow, b: EntryRow) => number {
  const key = order === 'created' ? 'createdAt' : 'updatedAt';
  const newest = (a: EntryRow, b: EntryRow) =>
    b[key] - a[key] || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  if (order !== 'due') return newest;
  return (a, b) => {
    const [aDue, bDue] = [a.due ?? null, b.due ?? null];
    if (aDue !== null && bDue !== null) {
      return aDue - bDue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    }
    if (aDue !== null) return -1;
    if (bDue !== null) return 1;
    return newest(a, b);
  };
}

/** Whether `row` is listed under `filter` (`hidden`: this device's pending deletes). */
export function listed(
  row: EntryRow,
  notebookId: string,
  filter: EntryFilter,
  hidden: Set<string>,
  terms: readonly string[],
): boolean {
  if (row.notebookId !== notebookId || hidden.has(row.id)) return false;
  if (filter.done !== undefined && row.doneKey !== (filter.done ? 1 : 0)) return false;
  if (filter.tag && !row.tags.includes(filter.tag)) return false;
  if (filter.due) {
    const [from, to] = dueRange(filter.due, Date.now());
    if (row.due == null || row.due < from || row.due > to) return false;
  }
  if (terms.length === 0) return true;
  const haystack = `${row.title}\n${row.body}`.toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

export interface PatchedIds {
  /** The new list, or the same array when the changes left it as it was. */
  ids: readonly string[];
  /** Some changed entry is gone or deleted (so tag counts may have moved). */
  removed: boolean;
}

/**
 * `ids` (a queryEntryIds result for `filter`) brought up to date after the entries `changed`
 * were written or removed, reading only those entries plus a binary search's worth of rows to
 * place each one — what queryEntryIds would now return, without reading 100,000 keys after
 * every write. Undefined when a row the search needs has gone meanwhile: read the list afresh.
 */
export async function patchEntryIds(
  db: TidelineDB,
  notebookId: string,
  filter: EntryFilter,
  ids: readonly string[],
  changed: readonly string[],
): Promise<PatchedIds | undefined> {
  return db.transaction('r', [db.entries, db.outbox], async () => {
    const rows = await db.entries.bulkGet([...changed]);
    const removed = rows.some((row) => !row || row.deleted);
    const hidden = rows.some((row) => row?.deleted)
      ? await locallyDeleted(db, notebookId)
      : new Set<string>();
    const terms = searchTerms(filter.text);
    const compare = displayOrder(filter.order);
    const changedIds = new Set(changed);
    const next = ids.filter((id) => !changedIds.has(id));
    const incoming = rows
      .filter((row): row is EntryRow => !!row && listed(row, notebookId, filter, hidden, terms))
      .sort(compare);
    for (const row of incoming) {
      const at = await insertionIndex(db, next, row, compare);
      if (at === undefined) return undefined;
      next.splice(at, 0, row.id);
    }
    const same = next.length === ids.length && next.every((id, index) => id === ids[index]);
    return { ids: same ? ids : next, removed };
  });
}

/**
 * Where `row` goes in `ids` (display order): a binary search reading one row per step, after
 * checking the top first, where a write just made lands.
 */
async function insertionIndex(
  db: TidelineDB,
  ids: readonly string[],
  row: EntryRow,
  compare: (a: EntryRow, b: EntryRow) => number,
): Promise<number | undefined> {
  let low = 0;
  let high = ids.length;
  if (high === 0) return 0;
  const first = await db.entries.get(ids[0]!);
  if (!first) return undefined;
  if (compare(row, first) <= 0) return 0;
  low = 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const probe = await db.entries.get(ids[middle]!);
    if (!probe) return undefined;
    if (compare(probe, row) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
