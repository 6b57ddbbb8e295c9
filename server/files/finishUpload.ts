// What happens when an upload's last byte arrives (or, after a crash, when its owner asks how far
// it got): the bytes' SHA-256, computed on the server as they arrived (UploadHashes.ts) or, when
// that is not at hand (a restart, chunks sent to several instances), by reading them back, is
// compared with the SHA-256 announced at creation. A mismatch is refused and the bytes deleted, so a corrupt upload never becomes
// visible. A match becomes the notebook's stored copy of that content (moved, not copied through
// the app), and every live attachment on it is announced:
//
//   verify → adopt into files/<notebook>/<sha256> → one transaction: notebook locked, files row,
//   upload finished, each entry with a live attachment of that content takes the notebook's next
//   version → poke
//
// Why bump the entries rather than only poke: pulls are cursor-based, so a poke with no new
// version would bring nothing; the new version makes every member's next pull carry the entry
// with `stored: true`. The entry's update time and author stay as they were (nobody edited it),
// and no Web Push is sent (finishing an upload is not news worth a notification).
//
// Why lock the notebook first: a push adding an attachment of the same content holds that lock
// while it commits its entry's new version. Chosen before that push commits, the entries to bump
// would miss its attachment, while a device pulling between the two commits would see it at its
// new version without the file: "not stored", at a version nothing moves again. With the lock,
// a push either committed first (its attachment is found and bumped) or commits after the file
// row (and every pull that sees it sees the file).
//
// finishFromStoredContent: an upload whose content the notebook already holds ends without its
// own bytes — another device's upload of the same photo finished first, or this one was adopted
// just before the server was killed and not recorded. Either way nothing is re-sent.
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
  {
    now = Date.now(),
    hashed,
  }: {
    now?: number;
    /** The SHA-256 of every stored byte, taken as they arrived (UploadHashes); else read back. */
    hashed?: string | undefined;
  } = {},
): Promise<void> {
  const actual = hashed ?? (await hashStream(await store.readUpload(upload.id)));
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
  await publish(events, await recordStoredFile(database, upload, now));
}

/**
 * Finishes `upload` without its bytes when its notebook already holds the content: recorded in
 * `files`, or (`checkStore`, after a crash between adopting and recording) present in the
 * store with the right size. Returns whether it did.
 */
export async function finishFromStoredContent(
  database: DatabaseHandle,
  events: EventBus,
  store: FileStore,
  upload: UploadRow,
  {
    checkStore = false,
    now = Date.now(),
    recorded: known,
  }: {
    checkStore?: boolean;
    now?: number;
    /** Whether `files` records the content, when the caller has just asked (uploadAccess). */
    recorded?: boolean;
  } = {},
): Promise<boolean> {
  const key = { notebookId: upload.notebook_id, sha256: upload.sha256 };
  const recorded =
    known ??
    (await database.db
      .selectFrom('files')
      .select('size')
      .where('notebook_id', '=', key.notebookId)
      .where('sha256', '=', key.sha256)
      .executeTakeFirst()) !== undefined;
  // Only adoption (after verification) writes content under its hash, so bytes found there are
  // the verified content even without their row.
  if (!recorded && !(checkStore && (await store.size(key)) === Number(upload.size))) return false;
  await store.removeUpload(upload.id);
  await publish(events, await recordStoredFile(database, upload, now));
  return true;
}

async function publish(
  events: EventBus,
  pokes: { notebookId: string; version: number }[],
): Promise<void> {
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
    // See the header: no push may commit an attachment of this content unseen by this one.
    if (database.dialect === 'postgres') {
      await tx
        .selectFrom('notebooks')
        .select('id')
        .where('id', '=', upload.notebook_id)
        .forUpdate()
        .execute();
    }
    const inserted = await tx
      .insertInto('files')
      .values({
        notebook_id: upload.notebook_id,
        sha256: upload.sha256,
        size: Number(upload.size),
        stored_at: now,
      })
      .onConflict((oc) => oc.columns(['notebook_id', 'sha256']).doNothing())
      .returning('sha256')
      .executeTakeFirst();
    await tx.updateTable('uploads').set({ finished_at: now }).where('id', '=', upload.id).execute();
    // Already recorded: the upload that recorded it announced every attachment committed before
    // it, and every later one was stored from the start.
    if (!inserted) return [];
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
