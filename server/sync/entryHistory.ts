// An entry's history: every value overwritten in it, newest first, with who wrote the value and
// who overwrote it. Readable by every member of the entry's notebook.
import type { HistoryItem } from '../../src/protocol/entry.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { ApiError } from '../errors.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';

const HISTORY_LIMIT = 500;

export async function entryHistory(
  database: DatabaseHandle,
  userId: string,
  notebookId: string,
  entryId: string,
): Promise<HistoryItem[]> {
  const { db } = database;
  const entry = await liveMemberships(db, userId)
    .innerJoin('entries', 'entries.notebook_id', 'memberships.notebook_id')
    .select('entries.id')
    .where('entries.id', '=', entryId)
    .where('entries.notebook_id', '=', notebookId)
    .executeTakeFirst();
  if (!entry)
    throw new ApiError(404, 'not-found', 'There is no such entry in a notebook of yours.');
  const rows = await db
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
    .where('h.entry_id', '=', entryId)
    .orderBy('h.id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.map((row) => ({
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
}
