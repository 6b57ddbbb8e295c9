import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TidelineDB } from '../db/db';
import { setAuth } from '../db/meta';
import { WriteStatus, localWrites, seenBy, type LocalWrite } from './LocalWrites';
import { createNotebook, putEntry } from './mutate';
import { openTestDb } from './testing/testDevice';

const dbs: TidelineDB[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const db of dbs.splice(0)) await db.delete();
});

async function freshDb(): Promise<TidelineDB> {
  const db = openTestDb('local-writes');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  return db;
}

/** Every announcement, as [status, entity] at the time it was made. */
function record(): [string, string][] {
  const heard: [string, string][] = [];
  stops.push(localWrites.subscribe((write) => heard.push([write.status, write.entityId])));
  return heard;
}

describe('local write announcements', () => {
  it('announce a write as it starts, then committed, unchanged or failed as it ends', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Survey');
    const heard = record();
    let first: LocalWrite | undefined;
    stops.push(localWrites.subscribe((write) => (first ??= write)));
    const created = putEntry(db, notebookId, undefined, { title: 'Oak' });
    expect(heard).toEqual([[WriteStatus.Pending, expect.any(String)]]);
    expect(first).toMatchObject({ creates: true, notebookId, name: 'entry.put' });
    const stampBefore = localWrites.stamp;
    const id = await created;
    expect(heard).toEqual([
      [WriteStatus.Pending, id],
      [WriteStatus.Committed, id],
    ]);
    expect(seenBy(first!, stampBefore)).toBe(false);
    expect(seenBy(first!, localWrites.stamp)).toBe(true);

    heard.length = 0;
    await putEntry(db, notebookId, id, { title: 'Oak' });
    expect(heard).toEqual([
      [WriteStatus.Pending, id],
      [WriteStatus.Unchanged, id],
    ]);

    heard.length = 0;
    await expect(
      putEntry(db, crypto.randomUUID(), undefined, { title: 'Nowhere' }),
    ).rejects.toThrow(/not on this device/);
    expect(heard.map(([status]) => status)).toEqual([WriteStatus.Pending, WriteStatus.Failed]);
  });

  it('do not announce a write made inside a caller’s transaction', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Survey');
    const heard = record();
    await db.transaction(
      'rw',
      [db.outbox, db.meta, db.notebooks, db.entries, db.cursors],
      async () => {
        await putEntry(db, notebookId, undefined, { title: 'Imported' });
      },
    );
    expect(heard).toEqual([]);
  });
});
