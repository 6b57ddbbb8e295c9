import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TidelineDB } from '../db/db';
import { setAuth, setMeta } from '../db/meta';
import { Role } from '../protocol/roles';
import { createNotebook, putEntry } from '../sync/mutate';
import { LocalWriteError } from '../sync/errors';
import { openTestDb } from '../sync/testing/testDevice';
import { AttachmentError } from './AttachmentError';
import { removeAttachmentLocally } from './removeAttachmentLocally';
import { storeAndAttach } from './storeAndAttach';
import { memoryDeps } from './testing';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function setUp() {
  const db = openTestDb('attach');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  const notebookId = await createNotebook(db, 'Trail survey');
  const entryId = await putEntry(db, notebookId, undefined, { title: 'Bridge' });
  return { db, notebookId, entryId, deps: memoryDeps(db) };
}

const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 251);
const sha = createHash('sha256').update(bytes).digest('hex');

describe('storeAndAttach', () => {
  it('keeps the bytes, shows the attachment on the entry and queues its upload, in one go', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    const result = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob([bytes], { type: 'application/pdf' }),
      name: 'map.pdf',
      type: 'application/pdf',
    });
    expect(result.sha256).toBe(sha);
    expect(deps.memory.files.get(sha)?.size).toBe(bytes.length);
    const entry = await db.entries.get(entryId);
    expect(entry?.attachments).toMatchObject([
      { id: result.attachmentId, name: 'map.pdf', sha256: sha, size: bytes.length, stored: false },
    ]);
    const outbox = await db.outbox.orderBy('mutationId').toArray();
    expect(outbox.at(-1)).toMatchObject({ name: 'attachment.add', entityId: entryId, notebookId });
    expect(await db.uploads.get(`${notebookId}:${sha}`)).toMatchObject({
      state: 'waiting',
      size: bytes.length,
    });
    expect(await db.files.get(sha)).toMatchObject({ size: bytes.length, store: 'memory' });
  });

  it('keeps the same bytes once when attached twice', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    const blob = new Blob([bytes]);
    const request = { notebookId, entryId, blob, name: 'a.bin', type: '' };
    await storeAndAttach(deps, request);
    await storeAndAttach(deps, { ...request, name: 'b.bin' });
    expect(deps.memory.files.size).toBe(1);
    expect(await db.uploads.count()).toBe(1);
    expect((await db.entries.get(entryId))?.attachments).toHaveLength(2);
  });

  it('refuses a file over the server limit before storing anything', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    await setMeta(db, 'fileLimits', {
      maxUploadBytes: 1000,
      chunkBytes: 500,
      fetchedAt: Date.now(),
    });
    const before = await db.outbox.count();
    const error = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob([bytes]),
      name: 'big.bin',
      type: '',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttachmentError);
    expect((error as AttachmentError).code).toBe('too-large');
    expect((error as AttachmentError).message).toMatch(/at most 1000 bytes/);
    expect(deps.memory.files.size).toBe(0);
    expect(await db.outbox.count()).toBe(before);
    expect(await db.uploads.count()).toBe(0);
  });

  it('refuses a reader, storing nothing', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    await db.notebooks.update(notebookId, { role: Role.Viewer });
    const error = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob([bytes]),
      name: 'x.bin',
      type: '',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalWriteError);
    expect((error as LocalWriteError).code).toBe('read-only');
    expect(deps.memory.files.size).toBe(0);
  });

  it('out of space: a clear message, nothing attached', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    deps.store = () =>
      Promise.resolve({
        kind: 'memory' as const,
        put: () =>
          Promise.reject(
            new AttachmentError('quota-exceeded', 'This device is out of space for that file.'),
          ),
        get: () => Promise.resolve(null),
        delete: () => Promise.resolve(),
      });
    const before = await db.outbox.count();
    const error = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob([bytes]),
      name: 'x.bin',
      type: '',
    }).catch((e: unknown) => e);
    expect((error as AttachmentError).code).toBe('quota-exceeded');
    expect(await db.outbox.count()).toBe(before);
    expect((await db.entries.get(entryId))?.attachments ?? []).toHaveLength(0);
  });

  it('removing one takes it off the entry through the outbox', async () => {
    const { db, notebookId, entryId, deps } = await setUp();
    const { attachmentId } = await storeAndAttach(deps, {
      notebookId,
      entryId,
      blob: new Blob([bytes]),
      name: 'x.bin',
      type: '',
    });
    await removeAttachmentLocally(db, notebookId, entryId, attachmentId);
    expect((await db.entries.get(entryId))?.attachments).toEqual([]);
    expect((await db.outbox.orderBy('mutationId').last())?.name).toBe('attachment.remove');
  });
});
