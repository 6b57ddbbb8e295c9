// The reads behind a notebook's entry list, shaped for a virtualized view of 100,000 entries:
// the list needs the ORDER of the matching entries up front, but the entries themselves only for
// the rows on screen. So these read index keys (primary keys of [notebookId+updatedAt] and the
// filter indexes), which IndexedDB hands over as one array each, and never the rows — except
// for text search, which no index answers and which reads the entries in chunks.
//
// Run them inside `liveQuery`: every range and key they read is observed, so the list follows
// changes from any tab or worker.
import Dexie from 'dexie';
import { MutationName } from '../protocol/mutations';
import type { TidelineDB } from './db';
import type { EntryOrder } from './queries';

export interface EntryFilter {
  order: EntryOrder;
  /** true: done only; false: not done only; undefined: both. */
  done?: boolean | undefined;
  tag?: string | undefined;
  /** Words that must all appear in the title or body (case-insensitive). */
  text?: string | undefined;
}

/** Entries read per step of a text search: small enough to keep each step short. */
export const SEARCH_CHUNK = 1000;

/**
 * Ids of entries deleted on this device but not yet acknowledged: their rows stay (the delete
 * is pending) but lists hide them. Only a pending entry.delete can leave a row deleted, so the
 * notebook's few outbox rows say which to check.
 */
async function locallyDeleted(db: TidelineDB, notebookId: string): Promise<Set<string>> {
  const deletes = await db.outbox
    .where('notebookId')
    .equals(notebookId)
    .filter((row) => row.name === MutationName.EntryDelete)
    .toArray();
  if (deletes.length === 0) return new Set();
  const rows = await db.entries.bulkGet([...new Set(deletes.map((row) => row.entityId))]);
  return new Set(rows.filter((row) => row?.deleted).map((row) => row!.id));
}

function searchTerms(text: string | undefined): string[] {
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

/** The ids of a notebook's visible entries matching `filter`, newest first. */
export async function queryEntryIds(
  db: TidelineDB,
  notebookId: string,
  filter: EntryFilter,
): Promise<string[]> {
  const index = filter.order === 'created' ? '[notebookId+createdAt]' : '[notebookId+updatedAt]';
  // Read forwards and reverse here: a forward key range is one getAllKeys call everywhere,
  // while a reverse one falls back to a cursor (one event per key) in older IndexedDBs.
  const ordered = (
    (await db.entries
      .where(index)
      .between([notebookId, Dexie.minKey], [notebookId, Dexie.maxKey])
      .primaryKeys()) as string[]
  ).reverse();
  const hidden = await locallyDeleted(db, notebookId);
  const required: Set<string>[] = [];
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
 * A cheap read to run inside `liveQuery` so it fires whenever a notebook's entry list may have
 * changed: a count over the notebook's index range observes every entry written into it, and
 * (being a count) every deletion; the outbox count covers local deletes waiting to be sent.
 * Pair it with queryEntryIds/notebookTags run outside liveQuery (LiveQueryController `watch`).
 */
export async function watchNotebookEntries(db: TidelineDB, notebookId: string): Promise<void> {
  await db.entries.where('notebookId').equals(notebookId).count();
  await db.outbox.where('notebookId').equals(notebookId).count();
}
