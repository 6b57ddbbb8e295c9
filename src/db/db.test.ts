import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { TidelineDB, Trigger, type ActivityRow } from './db';
import { currentUserId, getMeta, setAuth, setMeta } from './meta';
import { listEntries, listNotebooks } from './queries';
import { recordActivity } from './recordActivity';

const opened: Dexie[] = [];
let counter = 0;
function uniqueName(): string {
  counter += 1;
  return `tideline-db-test-${counter}-${Date.now()}`;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function activity(startedAt: number): Omit<ActivityRow, 'id'> {
  return {
    trigger: Trigger.Sync,
    tag: 'outbox',
    startedAt,
    durationMs: 5,
    outcome: 'ok',
    detail: 'handled',
  };
}

describe('TidelineDB', () => {
  it('upgrades a version 1 database to the latest version and keeps its activity rows', async () => {
    const name = uniqueName();
    // The database as version 1 of the app left it.
    const v1 = new Dexie(name);
    v1.version(1).stores({ activity: '++id, startedAt' });
    await v1.table('activity').bulkAdd([activity(1), activity(2)]);
    v1.close();

    const db = new TidelineDB(name);
    opened.push(db);
    await db.open();
    // The latest version (tracks are version 4; later ones only add tables).
    expect((await db.activity.orderBy('startedAt').toArray()).map((row) => row.startedAt)).toEqual([
      1, 2,
    ]);
    expect(db.tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'activity',
        'cursors',
        'deadLetters',
        'entries',
        'meta',
        'notebooks',
        'outbox',
        'recordings',
        'trackFixes',
      ]),
    );
    expect(db.verno).toBeGreaterThanOrEqual(4);
    // Old rows still work with the current API, and new ones carry the sync counts.
    await recordActivity(db, { ...activity(3), trigger: Trigger.Poke, pushed: 2, pulled: 7 });
    const latest = await db.activity.orderBy('startedAt').last();
    expect(latest).toMatchObject({ trigger: 'poke', pushed: 2, pulled: 7 });
  });

  it('opens a version 2 database left by an earlier build with its unsent changes intact', async () => {
    const name = uniqueName();
    // Version 2 as published, frozen here: a later version must upgrade this shape.
    const v2 = new Dexie(name);
    v2.version(1).stores({ activity: '++id, startedAt' });
    v2.version(2).stores({
      notebooks: 'id, name, createdAt',
      entries:
        'id, notebookId, [notebookId+updatedAt], [notebookId+createdAt], [notebookId+doneKey], *tags',
      outbox: '++seq, &mutationId, entityId, notebookId',
      deadLetters: '++id, mutationId, entityId, notebookId',
      cursors: 'notebookId',
      meta: 'key',
    });
    const outbox = [3, 1, 2].map((mutationId) => ({
      mutationId,
      name: 'entry.put',
      args: { id: `e${mutationId}`, notebookId: 'n1', baseVersion: 0, fields: { title: 'x' } },
      notebookId: 'n1',
      entityId: `e${mutationId}`,
      createdAt: mutationId,
    }));
    await v2.table('outbox').bulkAdd(outbox);
    await v2.table('meta').bulkPut([
      { key: 'clientId', value: 'client-1' },
      { key: 'nextMutationId', value: 4 },
    ]);
    await v2.table('deadLetters').add({ ...outbox[0], code: 'forbidden', message: 'no', at: 1 });
    v2.close();

    const db = new TidelineDB(name);
    opened.push(db);
    await db.open();
    expect((await db.outbox.orderBy('mutationId').toArray()).map((row) => row.mutationId)).toEqual([
      1, 2, 3,
    ]);
    expect(await getMeta(db, 'clientId')).toBe('client-1');
    expect(await getMeta(db, 'nextMutationId')).toBe(4);
    expect(await db.deadLetters.count()).toBe(1);
  });

  it('declares the indexes the lists need', async () => {
    const db = new TidelineDB(uniqueName());
    opened.push(db);
    await db.open();
    const indexes = (table: string) =>
      db
        .table(table)
        .schema.indexes.map((index) => `${index.multi ? '*' : ''}${index.name}`)
        .sort();
    expect(indexes('entries')).toEqual([
      '*tags',
      '[notebookId+createdAt]',
      '[notebookId+doneKey]',
      '[notebookId+due]',
      '[notebookId+updatedAt]',
      'notebookId',
    ]);
    expect(db.outbox.schema.primKey).toMatchObject({ name: 'seq', auto: true });
    expect(indexes('outbox')).toEqual(['entityId', 'mutationId', 'notebookId']);
  });

  it('keeps typed settings in meta', async () => {
    const db = new TidelineDB(uniqueName());
    opened.push(db);
    expect(await getMeta(db, 'nextMutationId')).toBeUndefined();
    await setMeta(db, 'nextMutationId', 7);
    expect(await getMeta(db, 'nextMutationId')).toBe(7);
    expect(await currentUserId(db)).toBe('');
    await setAuth(db, { userId: 'u1', name: 'Ana' });
    expect(await currentUserId(db)).toBe('u1');
  });

  it('lists notebooks by name and entries by time, hiding local deletes', async () => {
    const db = new TidelineDB(uniqueName());
    opened.push(db);
    const notebook = {
      role: 'owner' as const,
      ownerId: 'u1',
      version: 1,
      createdAt: 1,
      deleted: false,
      unread: 0,
      pending: 0,
    };
    await db.notebooks.bulkPut([
      { ...notebook, id: 'b', name: 'Beta' },
      { ...notebook, id: 'a', name: 'Alpha' },
      { ...notebook, id: 'c', name: 'Gone', deleted: true, pending: 1 },
    ]);
    const entry = (id: string, updatedAt: number, extra = {}) => ({
      id,
      notebookId: 'a',
      title: id,
      body: '',
      tags: ['sea'],
      done: false,
      doneKey: 0 as const,
      location: null,
      track: null,
      due: null,
      version: 1,
      fieldVersions: {},
      conflicted: false,
      createdAt: 100 - updatedAt,
      updatedAt,
      createdBy: 'u1',
      updatedBy: 'u1',
      deleted: false,
      pending: 0,
      unread: false,
      ...extra,
    });
    await db.entries.bulkPut([
      entry('e1', 10),
      entry('e2', 30),
      entry('e3', 20, { deleted: true, pending: 1 }),
      entry('e4', 5, { done: true, doneKey: 1 }),
    ]);
    expect((await listNotebooks(db)).map((n) => n.name)).toEqual(['Alpha', 'Beta']);
    expect((await listEntries(db, 'a')).map((e) => e.id)).toEqual(['e2', 'e1', 'e4']);
    expect((await listEntries(db, 'a', { order: 'created' })).map((e) => e.id)).toEqual([
      'e4',
      'e1',
      'e2',
    ]);
    expect((await listEntries(db, 'a', { done: true })).map((e) => e.id)).toEqual(['e4']);
    expect((await listEntries(db, 'b')).length).toBe(0);
  });
});
