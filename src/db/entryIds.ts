// The reads behind a notebook's entry list, shaped for a virtualized view of 100,000 entries:
// the list needs the ORDER of the matching entries up front, but the entries themselves only for
// the rows on screen. So these read index keys (primary keys of [notebookId+updatedAt] and the
// filter indexes), which IndexedDB hands over as one array each, and never the rows — except
// for text search, which no index answers and which reads the entries in chunks.
//
// They run outside liveQuery (which would record each of 100,000 keys): EntryIdsController reads
// them in full when the notebook or filter changes, and after a write patches the ids by the
// entries Dexie says changed (entryChanges here, patchEntryIds.ts) — which must agree with a
// full read.
import Dexie, { RangeSet, cmp, type ObservabilitySet } from 'dexie';
import { MutationName } from '../protocol/mutations';
import { DUE_SOON_MS } from '../format/describeDue';
import type { TidelineDB } from './db';
import type { EntryOrder } from './queries';

/** Tasks by due time: past it ("Overdue") or within DUE_SOON_MS of now ("Due soon"). */
export type DueFilter = 'overdue' | 'soon';

export interface EntryFilter {
  order: EntryOrder;
  /** true: done only; false: not done only; undefined: both. */
  done?: boolean | undefined;
  tag?: string | undefined;
  /** Words that must all appear in the title or body (case-insensitive). */
  text?: string | undefined;
  /** Only tasks due by now, or due soon (with `done: false`, only those not done). */
  due?: DueFilter | undefined;
}

/** The due times `filter` keeps at `now`: [from, to], both included. */
export function dueRange(filter: DueFilter, now: number): [number, number] {
  return filter === 'overdue' ? [-Infinity, now] : [now, now + DUE_SOON_MS];
}

/** Entries read per step of a text search: small enough to keep each step short. */
export const SEARCH_CHUNK = 1000;

/**
 * Ids of entries deleted on this device but not yet acknowledged: their rows stay (the delete
 * is pending) but lists hide them. Only a pending entry.delete can leave a row deleted, so the
 * notebook's few outbox rows say which to check.
 */
export async function locallyDeleted(db: TidelineDB, notebookId: string): Promise<Set<string>> {
  const deletes = await db.outbox
    .where('notebookId')
    .equals(notebookId)
    .filter((row) => row.name === MutationName.EntryDelete)
    .toArray();
  if (deletes.length === 0) return new Set();
  const rows = await db.entries.bulkGet([...new Set(deletes.map((row) => row.entityId))]);
  return new Set(rows.filter((row) => row?.deleted).map((row) => row!.id));
}

export function searchTerms(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The entries among `ids` whose title and body contain every term. Rows are read in chunks of
 * SEARCH_CHUNK consecutive primary keys, one getAll over the key range each: a fraction of the
 * cost of fetching them one by one, and short enough steps to leave the page responsive. (Other
 * notebooks' entries whose ids fall inside a chunk's range are read too, and skipped.)
 */
async function matchingText(
  db: TidelineDB,
  notebookId: string,
  ids: readonly string[],
  terms: readonly string[],
): Promise<string[]> {
  const wanted = new Set(ids);
  // The notebookId index lists a notebook's entries in primary-key order.
  const byKey = (await db.entries.where('notebookId').equals(notebookId).primaryKeys()) as string[];
  const matched = new Set<string>();
  for (let start = 0; start < byKey.length; start += SEARCH_CHUNK) {
    const first = byKey[start]!;
    const last = byKey[Math.min(start + SEARCH_CHUNK, byKey.length) - 1]!;
    const rows = await db.entries.where(':id').between(first, last, true, true).toArray();
    for (const row of rows) {
      if (row.notebookId !== notebookId || !wanted.has(row.id)) continue;
      const haystack = `${row.title}\n${row.body}`.toLowerCase();
      if (terms.every((term) => haystack.includes(term))) matched.add(row.id);
    }
  }
  return ids.filter((id) => matched.has(id));
}

/**
 * Key reads larger than this are split. IndexedDB hands a getAllKeys result over in one task,
 * and 100,000 keys take ~40 ms of the main thread to hand over: in slices, each is its own task.
 */
export const KEY_SLICE = 20_000;

/**
 * A notebook's ids in `index` order (oldest first). Over `slice` entries, read in slices of the
 * index's time range, in one read transaction so the slices add up to one consistent list.
 */
async function idsInOrder(
  db: TidelineDB,
  notebookId: string,
  index: '[notebookId+createdAt]' | '[notebookId+updatedAt]',
  slice: number,
): Promise<string[]> {
  const range = (from: unknown, to: unknown, includeUpper: boolean) =>
    db.entries.where(index).between([notebookId, from], [notebookId, to], true, includeUpper);
  return db.transaction('r', db.entries, async () => {
    const all = range(Dexie.minKey, Dexie.maxKey, true);
    const count = await all.count();
    if (count <= slice) return (await all.primaryKeys()) as string[];
    const field = index === '[notebookId+createdAt]' ? 'createdAt' : 'updatedAt';
    const [first, last] = await Promise.all([all.first(), all.last()]);
    const low = first?.[field] ?? 0;
    const slices = Math.ceil(count / slice);
    const step = ((last?.[field] ?? low) - low) / slices;
    const ids: string[] = [];
    for (let part = 0; part < slices; part++) {
      const from = part === 0 ? Dexie.minKey : low + step * part;
      const to = part === slices - 1 ? Dexie.maxKey : low + step * (part + 1);
      const keys = (await range(from, to, part === slices - 1).primaryKeys()) as string[];
      for (const key of keys) ids.push(key);
    }
    return ids;
  });
}

/** The ids of a notebook's visible entries matching `filter`, newest first. */
export async function queryEntryIds(
  db: TidelineDB,
  notebookId: string,
  filter: EntryFilter,
  slice = KEY_SLICE,
): Promise<string[]> {
  const index = filter.order === 'created' ? '[notebookId+createdAt]' : '[notebookId+updatedAt]';
  // Read forwards and reverse here: a forward key range is one getAllKeys call everywhere,
  // while a reverse one falls back to a cursor (one event per key) in older IndexedDBs.
  let ordered = (await idsInOrder(db, notebookId, index, slice)).reverse();
  if (filter.order === 'due') {
    // Tasks with a due time first, soonest first (ties by id, as the index keeps them), then
    // every other entry newest first.
    const dueFirst = (await db.entries
      .where('[notebookId+due]')
      .between([notebookId, Dexie.minKey], [notebookId, Dexie.maxKey])
      .primaryKeys()) as string[];
    const withDue = new Set(dueFirst);
    ordered = [...dueFirst, ...ordered.filter((id) => !withDue.has(id))];
  }
  const hidden = await locallyDeleted(db, notebookId);
  const required: Set<string>[] = [];
  if (filter.due) {
    const [from, to] = dueRange(filter.due, Date.now());
    const keys = await db.entries
      .where('[notebookId+due]')
      .between([notebookId, from === -Infinity ? Dexie.minKey : from], [notebookId, to], true, true)
      .primaryKeys();
    required.push(new Set(keys as string[]));
  }
  if (filter.done !== undefined) {
    const keys = await db.entries
      .where('[notebookId+doneKey]')
      .equals([notebookId, filter.done ? 1 : 0])
      .primaryKeys();
    required.push(new Set(keys as string[]));
  }
  if (filter.tag) {
    required.push(
      new Set((await db.entries.where('tags').equals(filter.tag).primaryKeys()) as string[]),
    );
  }
  const ids =
    hidden.size === 0 && required.length === 0
      ? ordered
      : ordered.filter((id) => !hidden.has(id) && required.every((set) => set.has(id)));
  const terms = searchTerms(filter.text);
  return terms.length === 0 ? ids : matchingText(db, notebookId, ids, terms);
}

export interface TagCount {
  tag: string;
  count: number;
}

/**
 * The tags used in a notebook and how many entries carry each, by name. The tags index spans
 * every notebook, so each distinct tag's entries are checked against this notebook's ids —
 * key arrays only.
 */
export async function notebookTags(db: TidelineDB, notebookId: string): Promise<TagCount[]> {
  const mine = new Set(
    (await db.entries.where('notebookId').equals(notebookId).primaryKeys()) as string[],
  );
  for (const id of await locallyDeleted(db, notebookId)) mine.delete(id);
  if (mine.size === 0) return [];
  const tags = (await db.entries.orderBy('tags').uniqueKeys()) as string[];
  const counts: TagCount[] = [];
  for (const tag of tags) {
    const ids = (await db.entries.where('tags').equals(tag).primaryKeys()) as string[];
    let count = 0;
    for (const id of ids) if (mine.has(id)) count += 1;
    if (count > 0) counts.push({ tag, count });
  }
  return counts;
}

/**
 * What a change to the database means for entry lists: the primary keys of the entries it
 * wrote or removed, or 'all' when it touched a range (a clear, a range delete, or a bulk write of
 * 50 rows or more, which Dexie reports as the whole table) and only a full read will do;
 * `tags` says whether the tags index moved. `parts` is what Dexie's `storagemutated` event
 * hands over, for this tab's writes and other contexts' alike.
 */
export interface EntryChanges {
  keys: string[] | 'all';
  tags: boolean;
}

export function entryChanges(parts: ObservabilitySet, dbName: string): EntryChanges | undefined {
  const prefix = `idb://${dbName}/entries/`;
  const primary = parts[prefix];
  if (!primary) return undefined;
  const tagTree = parts[`${prefix}tags`];
  const tags = !!tagTree && RangeSet(tagTree)[Symbol.iterator]().next().done !== true;
  const keys: string[] = [];
  for (const node of iterate(RangeSet(primary))) {
    if (cmp(node.from, node.to) !== 0 || typeof node.from !== 'string')
      return { keys: 'all', tags };
    keys.push(node.from);
  }
  return { keys, tags };
}

function* iterate(set: RangeSet): Generator<{ from: unknown; to: unknown }> {
  const iterator = set[Symbol.iterator]();
  for (let step = iterator.next(); !step.done; step = iterator.next()) yield step.value;
}
