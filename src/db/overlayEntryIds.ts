// A list's ids with this page's writes still on their way into IndexedDB placed among them, from
// the rows the page holds in memory and without reading anything, so the list can draw a write in
// the next frame. What patchEntryIds does after a write by reading, this does by looking: the
// entries the writes changed are taken out and put back where their new rows belong in the
// display order, or left out when they no longer match the filter or are gone. Placing one needs
// the rows it is compared with: the neighbours of its old place, the rows from the top down to
// its place (a write just made lands at or near the top), or a binary search's worth. When one of those is not in memory, an entry already
// listed stays where it was and a new one waits for IndexedDB: correct, one read later.
import type { EntryRow } from './db';
import { searchTerms, type EntryFilter } from './entryIds';
import { displayOrder, listed } from './patchEntryIds';

export function overlayEntryIds(
  ids: readonly string[],
  notebookId: string,
  filter: EntryFilter,
  /** Each changed entry's row as the writes leave it; null: no entry any more. */
  changed: ReadonlyMap<string, EntryRow | null>,
  /** The rows in memory as drawn (the list's window), for the comparisons. */
  shown: (id: string) => EntryRow | undefined,
): readonly string[] {
  if (changed.size === 0) return ids;
  const terms = searchTerms(filter.text);
  const compare = displayOrder(filter.order);
  const rowOf = (id: string) => (changed.has(id) ? (changed.get(id) ?? undefined) : shown(id));
  const next = [...ids];
  for (const [id, row] of changed) {
    const at = next.indexOf(id);
    if (at >= 0) next.splice(at, 1);
    if (!row || row.deleted || !listed(row, notebookId, filter, new Set(), terms)) continue;
    const place = placeOf(next, row, compare, rowOf, at);
    if (place !== undefined) next.splice(place, 0, id);
    else if (at >= 0) next.splice(at, 0, id);
  }
  const same = next.length === ids.length && next.every((id, index) => id === ids[index]);
  return same ? ids : next;
}

/** Where `row` goes in `ids`, from rows in memory only; undefined when one it needs is not. */
function placeOf(
  ids: readonly string[],
  row: EntryRow,
  compare: (a: EntryRow, b: EntryRow) => number,
  rowOf: (id: string) => EntryRow | undefined,
  hint: number,
): number | undefined {
  /** Negative: `row` goes before the entry at `index`; undefined: that row is not in memory. */
  const side = (index: number): number | undefined => {
    const other = rowOf(ids[index]!);
    return other && compare(row, other);
  };
  if (ids.length === 0) return 0;
  if (hint >= 0 && hint <= ids.length) {
    const after = hint === 0 || (side(hint - 1) ?? -1) > 0;
    const before = hint === ids.length || (side(hint) ?? 1) < 0;
    if (after && before) return hint;
  }
  // Down from the top while the rows are in memory: a write just made lands at or near the top
  // (just below entries the server stamped later than this device's clock, say).
  let index = 0;
  for (let step = side(0); step !== undefined; step = side(++index)) {
    if (step < 0) return index;
    if (index === ids.length - 1) return ids.length;
  }
  if (index === 0) return undefined;
  let low = index;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const probe = side(middle);
    if (probe === undefined) return undefined;
    if (probe > 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
