// An entry's history: every value overwritten in it, newest first, with who wrote the value and
// who overwrote it. Readable by every member of the entry's notebook, a page at a time (by history
// id, newest first): together with the entry's current fields it gives every earlier version.
import type {
  EntryHistoryQuery,
  EntryHistoryResponse,
  HistoryItem,
} from '../../src/protocol/entry.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { ApiError } from '../errors.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';

export async function entryHistory(
  database: DatabaseHandle,
  userId: string,
  notebookId: string,
  entryId: string,
  query: EntryHistoryQuery = { limit: 100 },
): Promise<EntryHistoryResponse> {
  const { db } = database;
  const entry = await liveMemberships(db, userId)
    .innerJoin('entries', 'entries.notebook_id', 'memberships.notebook_id')
    .select('entries.id')
    .where('entries.id', '=', entryId)
    .where('entries.notebook_id', '=', notebookId)
    .executeTakeFirst();
  if (!entry)
    throw new ApiError(404, 'not-found', 'There is no such entry in a notebook of yours.');
  let select = db
    .selectFrom('entry_history as h')
    .leftJoin('users as author', 'author.id', 'h.author_id')
    .leftJoin('users as overwriter', 'overwriter.id', 'h.overwritten_by')
    .select([
      'h.id',
      'h.field',
      'h.value',
      'h.version',
      'h.author_id',
      'h.overwritten_at',
      'h.overwritten_by',
      'h.conflict',
      'h.created_at',
      'author.name as author_name',
      'overwriter.name as overwriter_name',
    ])
    .where('h.entry_id', '=', entryId);
  if (query.before !== undefined) select = select.where('h.id', '<', query.before);
  const rows = await select
    .orderBy('h.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const items = page.map((row): HistoryItem => ({
    id: Number(row.id),
    entryId,
    field: row.field as HistoryItem['field'],
    value: JSON.parse(row.value) as unknown,
    version: Number(row.version),
    author: { id: row.author_id, name: row.author_name ?? 'Former member' },
    overwrittenAt: Number(row.overwritten_at),
    overwrittenBy: { id: row.overwritten_by, name: row.overwriter_name ?? 'Former member' },
    conflict: Number(row.conflict) !== 0,
    settled: Number(row.conflict) === 2,
    createdAt: Number(row.created_at),
  }));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > query.limit && last ? last.id : null };
}
