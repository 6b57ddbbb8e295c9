// Undo after a delete and "Recently deleted" on this device: restoreEntry writes an entry.restore
// through the outbox, shows the entry again at once — from the device's own row while the delete
// is unsent, from the caller's snapshot once the tombstone has removed it — and writes nothing
// for an entry that is live.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TidelineDB } from '../db/db';
import { setAuth } from '../db/meta';
import { entryStateOf } from './localView';
import { createNotebook, deleteEntry, putEntry, restoreEntry } from './mutate';
import { openTestDb } from './testing/testDevice';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function freshDb(): Promise<TidelineDB> {
  const db = openTestDb('restore');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  return db;
}

describe('restoreEntry', () => {
  it('undoes an unsent delete from the row this device still holds', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Harbour');
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Buoy 4', body: 'Seal' });
    await deleteEntry(db, notebookId, entryId);
    expect(await db.entries.get(entryId)).toMatchObject({ deleted: true });
    await restoreEntry(db, notebookId, entryId);
    expect(await db.entries.get(entryId)).toMatchObject({
      deleted: false,
      title: 'Buoy 4',
      body: 'Seal',
      pending: 3,
    });
    const outbox = await db.outbox.where('entityId').equals(entryId).sortBy('mutationId');
    expect(outbox.map((row) => row.name)).toEqual(['entry.put', 'entry.delete', 'entry.restore']);
    expect(outbox[2]!.args).toEqual({ id: entryId, notebookId });

    // Live again: a second restore (an undo pressed twice) writes nothing.
    await restoreEntry(db, notebookId, entryId);
    expect(await db.outbox.where('entityId').equals(entryId).count()).toBe(3);
  });

  it('shows the snapshot of an entry whose tombstone already removed it here', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Harbour');
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Mooring', body: 'Two' });
    const snapshot = { ...entryStateOf((await db.entries.get(entryId))!), version: 7 };
    // As after the delete was acknowledged and its tombstone pulled: nothing of it is left here.
    await db.outbox.where('entityId').equals(entryId).delete();
    await db.entries.delete(entryId);

    await restoreEntry(db, notebookId, entryId, { seed: snapshot });
    const row = await db.entries.get(entryId);
    expect(row).toMatchObject({ deleted: false, title: 'Mooring', body: 'Two', pending: 1 });
    // Under it, the server's tombstone: if the server refuses the restore, the entry goes again.
    expect(row!.base).toMatchObject({ deleted: true, version: 7 });

    // Without a snapshot the write still goes out; the entry appears when the server sends it.
    const otherId = await putEntry(db, notebookId, undefined, { title: 'Other' });
    await db.outbox.where('entityId').equals(otherId).delete();
    await db.entries.delete(otherId);
    await restoreEntry(db, notebookId, otherId);
    expect(await db.entries.get(otherId)).toBeUndefined();
    expect(await db.outbox.where('entityId').equals(otherId).count()).toBe(1);
  });
});
