// A notebook's recently deleted entries, newest deletion first, paged by tombstone version: what a
// member sees under "Recently deleted". Tombstones keep the fields they had when deleted until the
// purge (purgeTombstones.ts), so this is everything that can still be restored.
import type { TrashItem, TrashQuery, TrashResponse } from '../../src/protocol/trash.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { requireMember } from '../notebooks/memberAccess.js';
import { rowFields } from './entryRow.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function listTrash(
  database: DatabaseHandle,
  userId: string,
  notebookId: string,
  query: TrashQuery,
  tombstoneTtlMs: number,
): Promise<TrashResponse> {
  const { db } = database;
  await requireMember(db, notebookId, userId);
  let select = db
    .selectFrom('entries as e')
    .leftJoin('users as u', 'u.id', 'e.updated_by')
    .selectAll('e')
    .select('u.name as deleter_name')
    .where('e.notebook_id', '=', notebookId)
    .where('e.deleted', '=', 1);
  if (query.before !== undefined) select = select.where('e.version', '<', query.before);
  const rows = await select
    .orderBy('e.version', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const items = page.map((row): TrashItem => {
    const { track, ...fields } = rowFields(row);
    const deletedAt = Number(row.updated_at);
    return {
      id: row.id,
      notebookId: row.notebook_id,
      version: Number(row.version),
      fields,
      hasTrack: track !== null,
      createdAt: Number(row.created_at),
      deletedAt,
      deletedBy: { id: row.updated_by, name: row.deleter_name ?? 'Former member' },
      purgeAt: deletedAt + tombstoneTtlMs,
    };
  });
  const last = page.at(-1);
  return {
    items,
    nextBefore: rows.length > query.limit && last ? Number(last.version) : null,
    keepDays: Math.round((tombstoneTtlMs / DAY_MS) * 100) / 100,
  };
}
