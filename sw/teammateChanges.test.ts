import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { TidelineDB, type EntryRow } from '../src/db/db';
import { cursorVersions, teammateChanges } from './teammateChanges';

const ME = 'me';
const NOTEBOOK = 'nb-1';
const MINUTE = 60_000;
const opened: TidelineDB[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function openDb(): Promise<TidelineDB> {
  counter += 1;
  const db = new TidelineDB(`teammate-changes-${counter}-${Date.now()}`);
  opened.push(db);
  await db.notebooks.put({
    id: NOTEBOOK,
    name: 'Trail survey',
    role: 'editor',
    ownerId: 'ana',
    version: 0,
    createdAt: 0,
    deleted: false,
    unread: 0,
    pending: 0,
  });
  return db;
}

function entry(
  id: string,
  facts: { version: number; updatedAt: number; by: string; createdAtVersion?: number },
): EntryRow {
  const created = facts.createdAtVersion ?? facts.version;
  return {
    id,
    notebookId: NOTEBOOK,
    title: `Entry ${id}`,
    body: '',
    tags: [],
    done: false,
    location: null,
    track: null,
    due: null,
    doneKey: 0,
    version: facts.version,
    fieldVersions: {
      title: facts.version,
      body: created,
      tags: created,
      done: created,
      location: created,
    },
    conflicted: false,
    createdAt: facts.updatedAt,
    updatedAt: facts.updatedAt,
    createdBy: facts.by,
    updatedBy: facts.by,
    deleted: false,
    pending: 0,
    unread: facts.by !== ME,
  };
}

describe('teammateChanges', () => {
  it('finds the entries pulled since the cursor, by teammates, added or changed', async () => {
    const db = await openDb();
    const t = 1_000 * MINUTE;
    await db.entries.bulkPut([
      entry('old', { version: 3, updatedAt: t, by: 'ana' }),
      entry('mine', { version: 4, updatedAt: t + MINUTE, by: ME }),
    ]);
    await db.cursors.put({ notebookId: NOTEBOOK, version: 4, horizon: 0 });
    const before = await cursorVersions(db);

    // What a pull then brings: a new entry, an edit of an old one, one of mine.
    await db.entries.bulkPut([
      entry('new', { version: 5, updatedAt: t + 2 * MINUTE, by: 'ana' }),
      entry('old', { version: 6, updatedAt: t + 3 * MINUTE, by: 'ben', createdAtVersion: 3 }),
      entry('mine2', { version: 7, updatedAt: t + 4 * MINUTE, by: ME }),
    ]);
    await db.cursors.put({ notebookId: NOTEBOOK, version: 7, horizon: 0 });

    const changes = await teammateChanges(db, before, ME);
    expect(changes).toEqual([
      {
        notebookId: NOTEBOOK,
        notebookName: 'Trail survey',
        changes: [
          { entryId: 'old', title: 'Entry old', created: false, by: 'ben' },
          { entryId: 'new', title: 'Entry new', created: true, by: 'ana' },
        ],
      },
    ]);
  });

  it('finds a new version stamped a little earlier than an already-known one', async () => {
    const db = await openDb();
    const t = 1_000 * MINUTE;
    await db.entries.put(entry('known', { version: 9, updatedAt: t + MINUTE, by: 'ana' }));
    await db.cursors.put({ notebookId: NOTEBOOK, version: 9, horizon: 0 });
    const before = await cursorVersions(db);
    // Two writes overlapped on the server: version 10 was stamped before version 9.
    await db.entries.put(entry('late', { version: 10, updatedAt: t, by: 'ana' }));
    await db.cursors.put({ notebookId: NOTEBOOK, version: 10, horizon: 0 });
    const [notebook] = await teammateChanges(db, before, ME);
    expect(notebook?.changes.map((change) => change.entryId)).toEqual(['late']);
  });

  it('says nothing about a first download, an unmoved cursor, or only my own changes', async () => {
    const db = await openDb();
    await db.entries.put(entry('a', { version: 1, updatedAt: 1, by: 'ana' }));
    await db.cursors.put({ notebookId: NOTEBOOK, version: 1, horizon: 0 });
    expect(await teammateChanges(db, new Map(), ME)).toEqual([]);
    expect(await teammateChanges(db, await cursorVersions(db), ME)).toEqual([]);
    const before = await cursorVersions(db);
    await db.entries.put(entry('b', { version: 2, updatedAt: 2, by: ME }));
    await db.cursors.put({ notebookId: NOTEBOOK, version: 2, horizon: 0 });
    expect(await teammateChanges(db, before, ME)).toEqual([]);
  });

  it('tells of a voice memo a teammate added, with its length, and not of mine', async () => {
    const db = await openDb();
    const t = 1_000 * MINUTE;
    await db.entries.put(entry('ridge', { version: 3, updatedAt: t, by: 'ana' }));
    await db.cursors.put({ notebookId: NOTEBOOK, version: 3, horizon: 0 });
    const before = await cursorVersions(db);
    const memo = (id: string, by: string, version: number, type = 'audio/webm;codecs=opus') => ({
      id,
      name: `${id}.webm`,
      type,
      size: 1000,
      sha256: 'a'.repeat(64),
      thumbnail: null,
      durationMs: 42_400,
      createdAt: t,
      createdBy: by,
      stored: false,
      version,
    });
    await db.entries.bulkPut([
      {
        ...entry('ridge', { version: 4, updatedAt: t + MINUTE, by: 'ana', createdAtVersion: 3 }),
        attachments: [memo('m1', 'ana', 4)],
      },
      {
        ...entry('photo', { version: 5, updatedAt: t + 2 * MINUTE, by: 'ben' }),
        attachments: [memo('p1', 'ben', 5, 'image/jpeg')],
      },
    ]);
    await db.cursors.put({ notebookId: NOTEBOOK, version: 5, horizon: 0 });
    const [notebook] = await teammateChanges(db, before, ME);
    expect(notebook?.changes).toEqual([
      { entryId: 'photo', title: 'Entry photo', created: true, by: 'ben' },
      { entryId: 'ridge', title: 'Entry ridge', created: false, by: 'ana', memoMs: 42_400 },
    ]);
  });
});
