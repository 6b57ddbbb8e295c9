import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Role } from '../protocol/roles';
import type { TidelineDB } from '../db/db';
import { getMeta, setAuth } from '../db/meta';
import { LocalWriteError } from './errors';
import {
  createNotebook,
  deleteEntry,
  deleteNotebook,
  putEntry,
  renameNotebook,
  resolveConflict,
} from './mutate';
import { openTestDb } from './testing/testDevice';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function freshDb(): Promise<TidelineDB> {
  const db = openTestDb('mutate');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  return db;
}

async function refusal(promise: Promise<unknown>): Promise<LocalWriteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalWriteError);
  return error as LocalWriteError;
}

describe('local writes', () => {
  it('number mutations 1, 2, 3… in the outbox and apply them to the local view', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Field notes', { now: 1000 });
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Buoy 4', tags: ['sea'] });
    await putEntry(db, notebookId, entryId, { done: true });
    await renameNotebook(db, notebookId, 'Harbour notes');
    const outbox = await db.outbox.orderBy('mutationId').toArray();
    expect(outbox.map((row) => [row.mutationId, row.name])).toEqual([
      [1, 'notebook.create'],
      [2, 'entry.put'],
      [3, 'entry.put'],
      [4, 'notebook.rename'],
    ]);
    expect(outbox[1]).toMatchObject({
      notebookId,
      entityId: entryId,
      args: { id: entryId, notebookId, baseVersion: 0, fields: { title: 'Buoy 4', tags: ['sea'] } },
    });
    expect(await getMeta(db, 'nextMutationId')).toBe(5);

    expect(await db.notebooks.get(notebookId)).toMatchObject({
      name: 'Harbour notes',
      role: Role.Owner,
      ownerId: 'me',
      version: 0,
      pending: 2,
      base: null,
    });
    expect(await db.entries.get(entryId)).toMatchObject({
      title: 'Buoy 4',
      tags: ['sea'],
      done: true,
      doneKey: 1,
      version: 0,
      createdBy: 'me',
      pending: 2,
      deleted: false,
      base: null,
    });
  });

  it('validate with the protocol schemas: a bad write is a typed error and writes nothing', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Field notes');
    const tooLong = await refusal(putEntry(db, notebookId, undefined, { title: 'x'.repeat(201) }));
    expect(tooLong.code).toBe('invalid-args');
    expect(tooLong.issues[0]).toMatchObject({ path: 'fields.title' });
    expect(tooLong.message).toMatch(/title: title must be at most 200 characters/);
    expect((await refusal(createNotebook(db, '   '))).code).toBe('invalid-args');
    expect((await refusal(putEntry(db, 'not-a-uuid', undefined, {}))).code).toBe('invalid-args');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.entries.count()).toBe(0);
    // The counter did not move: the next mutation is still #2, no gap.
    await putEntry(db, notebookId, undefined, { title: 'ok' });
    expect((await db.outbox.toArray()).map((row) => row.mutationId)).toEqual([1, 2]);
  });

  it('write the entity and its outbox row atomically: a failure leaves neither', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Field notes');
    const failing = (() => {
      throw new Error('disk full');
    }) as () => void;
    db.entries.hook('creating', failing);
    await expect(putEntry(db, notebookId, undefined, { title: 'lost' })).rejects.toThrow(
      'disk full',
    );
    db.entries.hook('creating').unsubscribe(failing);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.entries.count()).toBe(0);
    expect(await getMeta(db, 'nextMutationId')).toBe(2);
    await putEntry(db, notebookId, undefined, { title: 'kept' });
    expect((await db.outbox.toArray()).map((row) => row.mutationId)).toEqual([1, 2]);
  });

  it('refuse writes the notebook does not allow', async () => {
    const db = await freshDb();
    const base = {
      ownerId: 'them',
      version: 3,
      createdAt: 1,
      deleted: false,
      unread: 0,
      pending: 0,
    };
    const viewerOf = '0190a0b0-0000-7000-8000-00000000000a';
    const editorOf = '0190a0b0-0000-7000-8000-00000000000b';
    await db.notebooks.bulkPut([
      { ...base, id: viewerOf, name: 'Read only', role: Role.Viewer },
      { ...base, id: editorOf, name: 'Shared', role: Role.Editor },
    ]);
    expect((await refusal(putEntry(db, viewerOf, undefined, { title: 'no' }))).code).toBe(
      'read-only',
    );
    expect((await refusal(renameNotebook(db, editorOf, 'Mine now'))).code).toBe('owner-only');
    expect((await refusal(deleteNotebook(db, editorOf))).code).toBe('owner-only');
    const missing = '0190a0b0-0000-7000-8000-00000000000c';
    expect((await refusal(putEntry(db, missing, undefined, { title: 'no' }))).code).toBe(
      'not-found',
    );
    const entryId = await putEntry(db, editorOf, undefined, { title: 'ok' });
    expect((await refusal(resolveConflict(db, editorOf, entryId, 'mine'))).code).toBe(
      'not-conflicted',
    );
    expect((await refusal(putEntry(db, viewerOf, entryId, { title: 'moved' }))).code).toBe(
      'read-only',
    );
    expect(await db.outbox.count()).toBe(1);
  });

  it('carry the last seen server version as baseVersion, skip no-op puts, hide local deletes', async () => {
    const db = await freshDb();
    const notebookId = await createNotebook(db, 'Field notes');
    const entryId = '0190a0b0-0000-7000-8000-0000000000e1';
    // As a pull would have left it: server state, nothing pending.
    await db.entries.put({
      id: entryId,
      notebookId,
      title: 'Tide table',
      body: '',
      tags: [],
      done: false,
      doneKey: 0,
      location: null,
      track: null,
      due: null,
      version: 7,
      fieldVersions: { title: 7 },
      conflicted: false,
      createdAt: 1,
      updatedAt: 1,
      createdBy: 'them',
      updatedBy: 'them',
      deleted: false,
      pending: 0,
      unread: false,
    });
    await putEntry(db, notebookId, entryId, { title: 'Tide table' });
    expect(await db.outbox.count()).toBe(1);
    await putEntry(db, notebookId, entryId, { body: 'high water 14:02' });
    await putEntry(db, notebookId, entryId, { title: 'Tides' });
    const puts = (await db.outbox.orderBy('mutationId').toArray()).slice(1);
    expect(puts.map((row) => (row.args as { baseVersion: number }).baseVersion)).toEqual([7, 7]);
    const entry = await db.entries.get(entryId);
    expect(entry).toMatchObject({ title: 'Tides', body: 'high water 14:02', pending: 2 });
    expect(entry!.base).toMatchObject({ title: 'Tide table', body: '', version: 7 });

    await deleteEntry(db, notebookId, entryId);
    expect(await db.entries.get(entryId)).toMatchObject({ deleted: true, pending: 3 });
    expect((await refusal(deleteEntry(db, notebookId, entryId))).code).toBe('not-found');
  });
});
