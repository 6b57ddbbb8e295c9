// Deletes what nothing needs any more, after a grace period:
//
//   stored content   no live attachment refers to it (live: not removed, in a notebook not
//                    deleted), none was removed within the grace period, and it was stored
//                    before the grace period began (so bytes uploaded just before their
//                    attachment.add arrives are kept). The row goes first, in one statement
//                    that re-checks the references, then the bytes.
//   uploads          begun longer ago than UPLOAD_EXPIRY_HOURS: unfinished ones are deleted with
//                    their bytes; finished ones only lose their row.
//
// An entry's tombstone keeps its attachments (and so their bytes) until it is purged.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { FilesConfig } from './filesConfig.js';
import type { FileStore } from './FileStore.js';

export interface GarbageResult {
  files: number;
  uploads: number;
}

const BATCH = 500;

export async function collectGarbage(
  database: DatabaseHandle,
  store: FileStore,
  config: Pick<FilesConfig, 'graceMs' | 'uploadExpiryMs'>,
  now: number = Date.now(),
): Promise<GarbageResult> {
  const { db } = database;
  const cutoff = now - config.graceMs;
  /** Whether some attachment keeps the file `f` (live now, or removed within the grace). */
  const referenced = sql<boolean>`exists (
    select 1 from attachments a join notebooks n on n.id = a.notebook_id
    where a.notebook_id = f.notebook_id and a.sha256 = f.sha256
      and ((a.deleted = 0 and n.deleted_at is null)
        or a.deleted_at > ${cutoff} or n.deleted_at > ${cutoff}))`;

  let files = 0;
  const candidates = await db
    .selectFrom('files as f')
    .select(['f.notebook_id', 'f.sha256'])
    .where('f.stored_at', '<=', cutoff)
    .where(sql<boolean>`not ${referenced}`)
    .limit(BATCH)
    .execute();
  for (const { notebook_id: notebookId, sha256 } of candidates) {
    const deleted = await db
      .deleteFrom('files as f')
      .where('f.notebook_id', '=', notebookId)
      .where('f.sha256', '=', sha256)
      .where(sql<boolean>`not ${referenced}`)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) continue;
    await store.remove({ notebookId, sha256 });
    files += 1;
  }

  let uploads = 0;
  const stale = await db
    .selectFrom('uploads')
    .select(['id', 'finished_at'])
    .where('created_at', '<=', now - config.uploadExpiryMs)
    .limit(BATCH)
    .execute();
  for (const upload of stale) {
    if (upload.finished_at === null) await store.removeUpload(upload.id);
    await db.deleteFrom('uploads').where('id', '=', upload.id).execute();
    uploads += 1;
  }
  return { files, uploads };
}
