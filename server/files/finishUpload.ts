// What happens when an upload's last byte arrives (or, after a crash, when its owner asks how far
// it got): the bytes are hashed again on the server and compared with the SHA-256 announced at
// creation. A mismatch is refused and the bytes deleted, so a corrupt upload never becomes
// visible. A match becomes the notebook's stored copy of that content (moved, not copied through
// the app), and every live attachment on it is announced:
//
//   verify → adopt into files/<notebook>/<sha256> → one transaction: files row, upload finished,
//   each entry with a live attachment of that content takes the notebook's next version → poke
//
// Why bump the entries rather than only poke: pulls are cursor-based, so a poke with no new
// version would bring nothing; the new version makes every member's next pull carry the entry
// with `stored: true`. The entry's update time and author stay as they were (nobody edited it),
// and no Web Push is sent (finishing an upload is not news worth a notification).
import { AttachmentErrorCode } from '../../src/protocol/attachments.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { ApiError } from '../errors.js';
import type { EventBus } from '../events/EventBus.js';
import { PushBatch } from '../sync/PushBatch.js';
import type { FileStore } from './FileStore.js';
import { hashStream } from './hashStream.js';

export interface UploadRow {
  id: string;
  user_id: string;
  notebook_id: string;
  sha256: string;
  size: number | string | bigint;
}

export async function finishUpload(
  database: DatabaseHandle,
  events: EventBus,
  store: FileStore,
  upload: UploadRow,
  now = Date.now(),
): Promise<void> {
  const actual = await hashStream(await store.readUpload(upload.id));
  if (actual !== upload.sha256) {
    await store.removeUpload(upload.id);
    await database.db.deleteFrom('uploads').where('id', '=', upload.id).execute();
    throw new ApiError(
      422,
      AttachmentErrorCode.hashMismatch,
      'The file arrived damaged (its SHA-256 does not match) and was discarded; send it again.',
    );
  }
  const key = { notebookId: upload.notebook_id, sha256: upload.sha256 };
  await store.adoptUpload(upload.id, key);
  const pokes = await recordStoredFile(database, upload, now);
  for (const poke of pokes) {
    try {
      await events.publish({ type: 'poke', ...poke });
    } catch {
      // Stored and committed: a lost poke only delays the flag until the next pull.
    }
  }
}

/** Records the stored content and moves each entry that shows it; returns the pokes to send. */
async function recordStoredFile(
  database: DatabaseHandle,
  upload: UploadRow,
  now: number,
): Promise<{ notebookId: string; version: number }[]> {
  return database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('files')
      .values({
        notebook_id: upload.notebook_id,
        sha256: upload.sha256,
        size: Number(upload.size),
        stored_at: now,
      })
      .onConflict((oc) => oc.columns(['notebook_id', 'sha256']).doNothing())
      .execute();
    await tx.updateTable('uploads').set({ finished_at: now }).where('id', '=', upload.id).execute();
    const entries = await tx
      .selectFrom('attachments')
      .innerJoin('entries', 'entries.id', 'attachments.entry_id')
      .select('entries.id')
      .distinct()
      .where('attachments.notebook_id', '=', upload.notebook_id)
      .where('attachments.sha256', '=', upload.sha256)
      .where('attachments.deleted', '=', 0)
      .where('entries.deleted', '=', 0)
      .orderBy('entries.id')
      .execute();
    if (entries.length === 0) return [];
    const batch = new PushBatch(tx, database.dialect, upload.user_id, now);
    await batch.prefetch(entries.map((entry) => entry.id));
    let version = 0;
    for (const { id } of entries) {
      const entry = (await batch.entry(id))!;
      version = await batch.takeVersion(upload.notebook_id);
      batch.save({ ...entry, version });
    }
    await batch.flush();
    return [{ notebookId: upload.notebook_id, version }];
  });
}
