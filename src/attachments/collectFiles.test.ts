import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TidelineDB } from '../db/db';
import { setAuth } from '../db/meta';
import { createNotebook, putEntry } from '../sync/mutate';
import { openTestDb } from '../sync/testing/testDevice';
import { GRACE_MS, OPENED_KEEP_MS, collectFiles } from './collectFiles';
import { fetchAttachment } from './fetchAttachment';
import { setKeepOffline } from './keepOffline';
import { removeAttachmentLocally } from './removeAttachmentLocally';
import { storeAndAttach } from './storeAndAttach';
import { memoryDeps } from './testing';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('collectFiles', () => {
  it('deletes bytes no entry refers to, only after the grace period', async () => {
    const db = openTestDb('collect');
    dbs.push(db);
    await setAuth(db, { userId: 'me' });
    let now = 1_000_000;
    const deps = memoryDeps(db, { now: () => now });
    const notebookId = await createNotebook(db, 'Trail survey');
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Bridge' });
    const kept = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob(['kept']),
      name: 'kept.txt',
      type: 'text/plain',
    });
    const removed = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob(['removed']),
      name: 'removed.txt',
      type: 'text/plain',
    });
    // Its upload finished and it was removed (and the removal acknowledged: out of the outbox).
    await db.uploads.update(`${notebookId}:${removed.sha256}`, { state: 'done' });
    await removeAttachmentLocally(db, notebookId, entryId, removed.attachmentId);
    await db.outbox
      .filter((row) => (row.args as { sha256?: string }).sha256 === removed.sha256)
      .delete();

    expect(await collectFiles(deps)).toEqual({ marked: 1, deleted: 0 });
    now += GRACE_MS - 1;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    expect(deps.memory.files.has(removed.sha256)).toBe(true);
    now += 1;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 1 });
    expect(deps.memory.files.has(removed.sha256)).toBe(false);
    expect(await db.files.get(removed.sha256)).toBeUndefined();
    expect(deps.memory.files.has(kept.sha256)).toBe(true);
  });

  it('keeps a file referenced again within the grace period, and one still waiting to upload', async () => {
    const db = openTestDb('collect2');
    dbs.push(db);
    await setAuth(db, { userId: 'me' });
    let now = 1_000_000;
    const deps = memoryDeps(db, { now: () => now });
    const notebookId = await createNotebook(db, 'Trail survey');
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Bridge' });
    const first = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob(['photo']),
      name: 'a.txt',
      type: 'text/plain',
    });
    await removeAttachmentLocally(db, notebookId, entryId, first.attachmentId);
    await db.outbox.clear();
    // Still waiting to upload: referenced.
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    await db.uploads.clear();
    expect(await collectFiles(deps)).toEqual({ marked: 1, deleted: 0 });
    now += 1000;
    await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob(['photo']),
      name: 'b.txt',
      type: 'text/plain',
    });
    now += GRACE_MS * 2;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    expect(deps.memory.files.has(first.sha256)).toBe(true);
    expect((await db.files.get(first.sha256))?.unreferencedSince).toBeNull();
  });

  it('drops downloaded copies no notebook keeps offline, never the bytes attached here', async () => {
    const db = openTestDb('collect3');
    dbs.push(db);
    await setAuth(db, { userId: 'me' });
    let now = 1_000_000;
    const served = new Blob(['a teammate photo']);
    let downloads = 0;
    const deps = memoryDeps(db, {
      now: () => now,
      api: {
        baseUrl: 'http://files.test',
        fetch: (input) => {
          if (!String(input).endsWith('/content')) {
            return Promise.reject(new TypeError('fetch failed'));
          }
          downloads += 1;
          return Promise.resolve(new Response(served));
        },
      },
    });
    const notebookId = await createNotebook(db, 'Trail survey');
    const entryId = await putEntry(db, notebookId, undefined, { title: 'Bridge' });
    // Mine, attached here and still waiting to upload.
    const mine = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob(['my photo']),
      name: 'mine.txt',
      type: 'text/plain',
    });
    // Another file on the entry whose bytes this device only ever downloaded.
    const theirs = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: served,
      name: 'theirs.txt',
      type: 'text/plain',
    });
    await db.uploads.delete(`${notebookId}:${theirs.sha256}`);
    await db.outbox
      .filter((row) => (row.args as { sha256?: string }).sha256 === theirs.sha256)
      .delete();
    await db.files.delete(theirs.sha256);
    deps.memory.files.delete(theirs.sha256);
    const ref = {
      id: theirs.attachmentId,
      sha256: theirs.sha256,
      type: 'text/plain',
      size: served.size,
      name: 'theirs.txt',
    };

    // Kept for the notebook (not opened): stays while the notebook is kept offline.
    await setKeepOffline(db, notebookId, true);
    await fetchAttachment(deps, notebookId, ref, { opened: false });
    expect(await db.files.get(theirs.sha256)).toMatchObject({ downloaded: true, openedAt: null });
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    // Turned off: the copy goes at the next clean-up; my waiting bytes stay.
    await setKeepOffline(db, notebookId, false);
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 1 });
    expect(deps.memory.files.has(theirs.sha256)).toBe(false);
    expect(deps.memory.files.has(mine.sha256)).toBe(true);

    // Opened: downloaded again and kept a while after its last opening, then dropped.
    await fetchAttachment(deps, notebookId, ref);
    expect(downloads).toBe(2);
    now += OPENED_KEEP_MS - 1;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    now += 1;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 1 });

    // Mine, even once uploaded and long unopened, stays while the entry refers to it.
    await db.uploads.update(`${notebookId}:${mine.sha256}`, { state: 'done' });
    await db.outbox.clear();
    now += OPENED_KEEP_MS * 2;
    expect(await collectFiles(deps)).toEqual({ marked: 0, deleted: 0 });
    expect(deps.memory.files.has(mine.sha256)).toBe(true);
  });
});
