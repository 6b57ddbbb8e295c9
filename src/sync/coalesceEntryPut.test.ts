// Coalescing an editor's saves: consecutive unsent edits of one entry travel as one put, never
// touching a put a push has claimed — checked against the real server for the push in flight
// and for how the server reports a teammate's concurrent change.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer';
import { removeTempDirs } from '../../server/test/tempDir';
import { testConfig } from '../../server/test/testConfig';
import type { TidelineDB } from '../db/db';
import { getMeta, setAuth } from '../db/meta';
import { claimOutboxBatch } from './claimOutboxBatch';
import { rebasePendingPuts } from './coalesceEntryPut';
import { createNotebook, deleteEntry, putEntry } from './mutate';
import { InMemoryLock } from './SyncLock';
import { syncOnce } from './syncOnce';
import {
  apiRequest,
  openDevice,
  openTestDb,
  signUpWithToken,
  type TestAccount,
  type TestDevice,
} from './testing/testDevice';
import type { Transport } from './Transport';

const dbs: TidelineDB[] = [];
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(testConfig(), { logger: false });
});
afterAll(async () => {
  for (const db of dbs) await db.delete();
  await server.close();
  removeTempDirs();
});

async function localDb(): Promise<TidelineDB> {
  const db = openTestDb('coalesce');
  dbs.push(db);
  await setAuth(db, { userId: 'me' });
  return db;
}

async function putArgs(db: TidelineDB) {
  return (await db.outbox.orderBy('mutationId').toArray()).map((row) => ({
    id: row.mutationId,
    name: row.name,
    args: row.args as { baseVersion: number; fields: Record<string, unknown> },
  }));
}

describe('coalescing local edits', () => {
  it('merges consecutive unsent edits of one entry into one put', async () => {
    const db = await localDb();
    const notebookId = await createNotebook(db, 'Notes');
    const id = await putEntry(db, notebookId, undefined, { title: 'B' }, { coalesce: true });
    await putEntry(db, notebookId, id, { title: 'Bu' }, { coalesce: true });
    await putEntry(db, notebookId, id, { body: 'calm' }, { coalesce: true, now: 5000 });
    await putEntry(db, notebookId, id, { title: 'Buoy' }, { coalesce: true });

    const rows = await putArgs(db);
    expect(rows.map((row) => [row.id, row.name])).toEqual([
      [1, 'notebook.create'],
      [2, 'entry.put'],
    ]);
    expect(rows[1]!.args.fields).toEqual({ title: 'Buoy', body: 'calm' });
    expect(await getMeta(db, 'nextMutationId')).toBe(3);
    expect(await db.entries.get(id)).toMatchObject({ title: 'Buoy', body: 'calm', pending: 1 });
  });

  it('never changes a put a push has claimed, and keeps the older base version', async () => {
    const db = await localDb();
    const notebookId = await createNotebook(db, 'Notes');
    const id = await putEntry(db, notebookId, undefined, { title: 'One' }, { coalesce: true });
    const claimed = await claimOutboxBatch(db, 100);
    expect(claimed.map((row) => row.mutationId)).toEqual([1, 2]);
    expect(await getMeta(db, 'outboxClaimedThrough')).toBe(2);

    await putEntry(db, notebookId, id, { title: 'Two' }, { coalesce: true, baseVersion: 4 });
    await putEntry(db, notebookId, id, { body: 'x' }, { coalesce: true, baseVersion: 3 });
    const rows = await putArgs(db);
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3]);
    expect(rows[1]!.args.fields).toEqual({ title: 'One' });
    expect(rows[2]!.args).toMatchObject({ baseVersion: 3, fields: { title: 'Two', body: 'x' } });

    // Only unclaimed puts move to a newer base.
    await rebasePendingPuts(db, id, 9);
    expect((await putArgs(db)).map((row) => row.args.baseVersion)).toEqual([undefined, 0, 9]);
  });

  it('starts a new put after anything else done to the entry, and only merges when asked', async () => {
    const db = await localDb();
    const notebookId = await createNotebook(db, 'Notes');
    const id = await putEntry(db, notebookId, undefined, { title: 'One' }, { coalesce: true });
    await putEntry(db, notebookId, id, { title: 'Two' });
    await deleteEntry(db, notebookId, id);
    await putEntry(db, notebookId, id, { title: 'Back' }, { coalesce: true });
    expect((await putArgs(db)).map((row) => row.name)).toEqual([
      'notebook.create',
      'entry.put',
      'entry.put',
      'entry.delete',
      'entry.put',
    ]);
    expect(await db.entries.get(id)).toMatchObject({ title: 'Back', deleted: false, pending: 4 });
  });
});

describe('coalescing against the server', () => {
  let ana: TestAccount;
  let ben: TestAccount;
  beforeAll(async () => {
    ana = await signUpWithToken(server.url, 'Ana');
    ben = await signUpWithToken(server.url, 'Ben');
  });

  async function device(account: TestAccount, transport?: (inner: Transport) => Transport) {
    const opened = await openDevice(server.url, account);
    dbs.push(opened.db);
    return transport ? { ...opened, transport: transport(opened.transport) } : opened;
  }

  function sync(d: TestDevice) {
    return syncOnce({ db: d.db, transport: d.transport, lock: new InMemoryLock() }, 'manual');
  }

  async function serverEntry(account: TestAccount, notebookId: string, id: string) {
    const device2 = await device(account);
    await sync(device2);
    return device2.db.entries.get(id);
  }

  it('an edit made while a push is in flight is sent after it, not lost in it', async () => {
    let release!: () => void;
    let sending!: () => void;
    const sent = new Promise<void>((resolve) => (sending = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    let hold = false;
    const a = await device(ana, (inner) => ({
      ...inner,
      push: async (request) => {
        if (hold) {
          sending();
          await held;
        }
        return inner.push(request);
      },
    }));
    const notebookId = await createNotebook(a.db, 'Tides');
    const id = await putEntry(a.db, notebookId, undefined, { body: 'Low' }, { coalesce: true });
    hold = true;
    const run = sync(a);
    await sent; // the push has taken "Low" and waits on the network
    await putEntry(a.db, notebookId, id, { body: 'Low tide 14:10' }, { coalesce: true });
    expect(await a.db.outbox.count()).toBe(3); // a row of its own, after the ones in flight
    release();
    hold = false;
    await run; // the push goes on to the new row once the first is acknowledged
    expect(await a.db.outbox.count()).toBe(0);
    expect(await serverEntry(ana, notebookId, id)).toMatchObject({ body: 'Low tide 14:10' });
  });

  it("reports a teammate's concurrent change once, never the person's own earlier saves", async () => {
    const a = await device(ana);
    const b = await device(ben);
    const notebookId = await createNotebook(a.db, 'Site');
    const id = await putEntry(a.db, notebookId, undefined, { title: 'Gate', body: '' });
    await sync(a);
    const { token } = (await apiRequest(
      server.url,
      ana.token,
      'POST',
      `/api/notebooks/${notebookId}/invites`,
      { role: 'editor' },
    )) as { token: string };
    await apiRequest(server.url, ben.token, 'POST', `/api/invites/${token}/accept`, {});
    await sync(b);
    const started = (await a.db.entries.get(id))!.version;

    // Ana saves as she types, every save from the version she started at.
    const save = (body: string) =>
      putEntry(a.db, notebookId, id, { body }, { coalesce: true, baseVersion: started });
    await save('Code 12');
    await sync(a);
    await save('Code 1234');
    await sync(a);
    expect(await a.db.entries.get(id)).toMatchObject({ body: 'Code 1234', conflicted: false });

    // Ben, up to date, changes the same field; Ana, still on her draft, saves twice more.
    await sync(b);
    await putEntry(b.db, notebookId, id, { body: 'Code 9876 (Ben)' });
    await sync(b);
    await sync(a); // her device hears of it: the body is Ben's, the title still hers
    expect(await a.db.entries.get(id)).toMatchObject({
      updatedBy: ben.user.id,
      fieldAuthors: { title: ana.user.id },
    });
    await save('Code 1234#');
    await sync(a);
    await save('Code 1234#0');
    await sync(a);
    const history = (await apiRequest(
      server.url,
      ana.token,
      'GET',
      `/api/notebooks/${notebookId}/entries/${id}/history`,
    )) as { items: { value: unknown; conflict: boolean; author: { name: string } }[] };
    const conflicts = history.items.filter((item) => item.conflict);
    expect(conflicts.map((item) => [item.value, item.author.name])).toEqual([
      ['Code 9876 (Ben)', 'Ben'],
    ]);
    expect(await a.db.entries.get(id)).toMatchObject({ body: 'Code 1234#0', conflicted: true });
  });
});
