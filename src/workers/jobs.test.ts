import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TidelineDB } from '../db/db';
import { setAuth } from '../db/meta';
import { ImportError } from '../io/ImportError';
import { OfflineError } from '../sync/errors';
import { InMemoryLock } from '../sync/SyncLock';
import { createNotebook } from '../sync/mutate';
import { openTestDb } from '../sync/testing/testDevice';
import type { Transport } from '../sync/Transport';
import { runImportJob, serializeError } from './jobs';
import type { JobProgress } from './protocol';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const offline: Transport = {
  push: () => Promise.reject(new OfflineError()),
  pull: () => Promise.reject(new OfflineError()),
};

async function setUp() {
  const db = openTestDb('jobs');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  const notebookId = await createNotebook(db, 'Import here');
  await db.outbox.clear();
  return { db, notebookId, deps: { db, transport: offline, lock: new InMemoryLock() } };
}

function exportFile(entries: unknown[]): Blob {
  const body = { format: 'tideline-notebook', version: 1, notebook: { name: 'x' }, entries };
  return new Blob([JSON.stringify(body)], { type: 'application/json' });
}

describe('runImportJob', () => {
  it('creates every entry in chunks with progress, and keeps them when the sync after fails', async () => {
    const { db, notebookId, deps } = await setUp();
    const progress: JobProgress[] = [];
    const entries = Array.from({ length: 600 }, (_, n) => ({ title: `Count ${n}`, tags: ['c'] }));
    const result = await runImportJob(deps, notebookId, exportFile(entries), (p) =>
      progress.push(p),
    );
    expect(result).toMatchObject({ imported: 600, sync: null, syncError: { code: 'offline' } });
    expect(progress.filter((p) => p.phase === 'import')).toEqual([
      { phase: 'import', done: 0, total: 600 },
      { phase: 'import', done: 250, total: 600 },
      { phase: 'import', done: 500, total: 600 },
      { phase: 'import', done: 600, total: 600 },
    ]);
    expect(await db.entries.where('notebookId').equals(notebookId).count()).toBe(600);
    const outbox = await db.outbox.orderBy('mutationId').toArray();
    expect(outbox).toHaveLength(600);
    expect(outbox.every((row) => row.name === 'entry.put')).toBe(true);
  });

  it('writes nothing from a file with one bad entry', async () => {
    const { db, notebookId, deps } = await setUp();
    const file = exportFile([{ title: 'fine' }, { title: 'x'.repeat(201) }]);
    const error = await runImportJob(deps, notebookId, file, () => undefined).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(serializeError(error)).toMatchObject({
      name: 'ImportError',
      code: 'invalid-entries',
      issues: [{ path: 'entry 2, title' }],
    });
    expect(await db.entries.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
