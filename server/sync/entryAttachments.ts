// The attachments of the live entries on a pull page, each with whether the server holds its
// verified bytes (`stored`): one query per page, joined with the notebook's files.
import type { Transaction } from 'kysely';
import type { AttachmentRecord } from '../../src/protocol/attachments.js';
import type { Database } from '../db/schema.js';
import { attachmentsWithFiles } from '../files/attachmentsWithFiles.js';

const CHUNK = 500;

export async function entryAttachments(
  db: Transaction<Database>,
  entryIds: readonly string[],
): Promise<Map<string, AttachmentRecord[]>> {
  const byEntry = new Map<string, AttachmentRecord[]>();
  for (let i = 0; i < entryIds.length; i += CHUNK) {
    const rows = await attachmentsWithFiles(db)
      .select([
        'attachments.id',
        'attachments.entry_id',
        'attachments.name',
        'attachments.type',
        'attachments.size',
        'attachments.sha256',
        'attachments.thumbnail',
        'attachments.duration_ms',
        'attachments.created_by',
        'attachments.created_at',
        'attachments.version',
        'files.stored_at',
      ])
      .where('attachments.entry_id', 'in', entryIds.slice(i, i + CHUNK))
      .where('attachments.deleted', '=', 0)
      .orderBy('attachments.version')
      .orderBy('attachments.id')
      .execute();
    for (const row of rows) {
      const list = byEntry.get(row.entry_id) ?? [];
      list.push({
        id: row.id,
        name: row.name,
        type: row.type,
        size: Number(row.size),
        sha256: row.sha256,
        thumbnail: row.thumbnail,
        durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
        createdAt: Number(row.created_at),
        createdBy: row.created_by,
        stored: row.stored_at !== null,
        version: Number(row.version),
      });
      byEntry.set(row.entry_id, list);
    }
  }
  return byEntry;
}
