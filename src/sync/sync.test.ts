// The sync core against the real server, in process (SQLite in a temp dir), over HTTP with
// bearer tokens, each device with its own fake-indexeddb database.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer';
import { purgeTombstones } from '../../server/sync/purgeTombstones';
import { removeTempDirs } from '../../server/test/tempDir';
import { testConfig } from '../../server/test/testConfig';
import type { Role } from '../protocol/roles';
import type { EntryRow, TidelineDB } from '../db/db';
import { getMeta } from '../db/meta';
import { listEntries } from '../db/queries';
import { LocalWriteError, OfflineError } from './errors';
import {
  createNotebook,
  deleteEntry,
  deleteNotebook,
  discardDeadLetter,
  markNotebookRead,
  putEntry,
  renameNotebook,
  retryDeadLetter,
} from './mutate';
import { pullChanges } from './pullChanges';
import { InMemoryLock } from './SyncLock';
import { syncOnce, type SyncProgress } from './syncOnce';
import {
  apiRequest,
  openDevice,
  signUpWithToken,
  type TestAccount,
  type TestDevice,
} from './testing/testDevice';
import type { Transport } from './Transport';

let server: RunningServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startServer(testConfig(), { logger: false });
});
afterAll(async () => {
  for (const device of devices) await device.db.delete();
  await server.close();
  removeTempDirs();
});

async function device(account: TestAccount): Promise<TestDevice> {
  const opened = await openDevice(server.url, account);
  devices.push(opened);
  return opened;
}

function sync(d: TestDevice, options: Parameters<typeof syncOnce>[2] = {}) {
  return syncOnce(
    { db: d.db, transport: d.transport, lock: new InMemoryLock() },
    'manual',
    options,
  );
}

/** Shares a notebook through the invite routes, as people would. */
async function share(owner: TestAccount, member: TestAccount, notebookId: string, role: Role) {
  const { token } = (await apiRequest(
    server.url,
    owner.token,
    'POST',
    `/api/notebooks/${notebookId}/invites`,
    { role },
  )) as { token: string };
  await apiRequest(server.url, member.token, 'POST', `/api/invites/${token}/accept`, {});
}

/** What a device shows of a notebook, without local bookkeeping, for comparing devices. */
async function shown(db: TidelineDB, notebookId: string) {
  const notebook = await db.notebooks.get(notebookId);
  const entries = await db.entries.where('notebookId').equals(notebookId).sortBy('id');
  return {
    notebook: notebook && {
      name: notebook.name,
      ownerId: notebook.ownerId,
      version: notebook.version,
    },
    entries: entries.map(({ pending: _p, unread: _u, base: _b, ...entry }: EntryRow) => entry),
  };
}

function serverEntries(notebookId: string) {
  return server.database.db
    .selectFrom('entries')
    .selectAll()
    .where('notebook_id', '=', notebookId)
    .orderBy('id')
    .execute();
}

describe('sync against the real server', () => {
  let ana: TestAccount;
  let bo: TestAccount;
  beforeAll(async () => {
    ana = await signUpWithToken(server.url, 'Ana');
    bo = await signUpWithToken(server.url, 'Bo');
  });

  it('pushes the outbox in id order, gap-free, in batches, and clears it once acknowledged', async () => {
    const a = await device(ana);
    const notebookId = await createNotebook(a.db, 'Field notes');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await putEntry(a.db, notebookId, undefined, { title: `e${i}` }));
    await expect(putEntry(a.db, notebookId, undefined, { tags: [''] })).rejects.toBeInstanceOf(
      LocalWriteError,
    );
    await putEntry(a.db, notebookId, ids[0], { done: true });
    expect((await a.db.outbox.orderBy('mutationId').toArray()).map((r) => r.mutationId)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);

    const progress: SyncProgress[] = [];
    const result = await sync(a, { pushBatchSize: 3, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ pushed: 7, rejected: 0, pulled: 5 });
    expect(progress.filter((p) => p.phase === 'push').map((p) => p.done)).toEqual([0, 3, 6, 7]);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await getMeta(a.db, 'lastMutationId')).toBe(7);
    const client = await server.database.db
      .selectFrom('sync_clients')
      .select('last_mutation_id')
      .where('client_id', '=', (await getMeta(a.db, 'clientId'))!)
      .executeTakeFirstOrThrow();
    expect(Number(client.last_mutation_id)).toBe(7);
    expect(await server.database.db.selectFrom('rejections').selectAll().execute()).toEqual([]);

    // The pull brought the server's versions back; nothing is pending any more.
    const entries = await listEntries(a.db, notebookId, { order: 'created' });
    expect(entries.map((e) => e.title).sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    for (const entry of entries) {
      expect(entry.pending).toBe(0);
      expect(entry.base).toBeUndefined();
      expect(entry.version).toBeGreaterThan(0);
    }
    expect(await a.db.notebooks.get(notebookId)).toMatchObject({ version: 7, pending: 0 });
    expect(await a.db.cursors.get(notebookId)).toMatchObject({ version: 7 });
    expect((await serverEntries(notebookId)).length).toBe(5);
    const activity = await a.db.activity.toArray();
    expect(activity.at(-1)).toMatchObject({
      trigger: 'manual',
      outcome: 'ok',
      pushed: 7,
      pulled: 5,
    });
  });

  it('applies a push whose response was lost exactly once when it is retried', async () => {
    const a = await device(ana);
    const notebookId = await createNotebook(a.db, 'Lost and found');
    const entryId = await putEntry(a.db, notebookId, undefined, { title: 'once' });
    await putEntry(a.db, notebookId, entryId, { body: 'only once' });
    let lose = true;
    const lossy: Transport = {
      async push(request) {
        const response = await a.transport.push(request);
        if (lose) {
          lose = false;
          throw new OfflineError();
        }
        return response;
      },
      pull: (request) => a.transport.pull(request),
    };
    await expect(
      syncOnce({ db: a.db, transport: lossy, lock: new InMemoryLock() }, 'manual'),
    ).rejects.toBeInstanceOf(OfflineError);
    // The server applied it; this device does not know yet and keeps everything.
    expect(await a.db.outbox.count()).toBe(3);
    const applied = await serverEntries(notebookId);
    expect(applied).toHaveLength(1);
    expect((await a.db.activity.toArray()).at(-1)).toMatchObject({
      outcome: 'error',
      error: 'offline',
    });

    const retry = await syncOnce({ db: a.db, transport: lossy, lock: new InMemoryLock() }, 'retry');
    expect(retry.pushed).toBe(3);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await serverEntries(notebookId)).toEqual(applied);
    const history = await server.database.db
      .selectFrom('entry_history')
      .selectAll()
      .where('entry_id', '=', entryId)
      .execute();
    expect(history.map((item) => item.field)).toEqual(['body']);
    expect(await a.db.entries.get(entryId)).toMatchObject({
      title: 'once',
      body: 'only once',
      pending: 0,
      version: 3,
    });
  });

  it('rebases pending local edits over pulled changes, then converges', async () => {
    const a = await device(ana);
    const b = await device(bo);
    const notebookId = await createNotebook(a.db, 'Buoys');
    const entryId = await putEntry(a.db, notebookId, undefined, { title: 'Buoy 4', body: 'calm' });
    await sync(a);
    await share(ana, bo, notebookId, 'editor');
    await sync(b);
    expect(await b.db.entries.get(entryId)).toMatchObject({ title: 'Buoy 4', version: 2 });

    await putEntry(a.db, notebookId, entryId, { title: 'Buoy 4 (moved)', done: true });
    await sync(a);
    await putEntry(b.db, notebookId, entryId, { title: 'Buoy four', body: 'storm coming' });

    // B pulls first (no push): the server's change shows where B has none pending; B's pending
    // values stay on top.
    await pullChanges({ db: b.db, transport: b.transport });
    const rebased = await b.db.entries.get(entryId);
    expect(rebased).toMatchObject({
      title: 'Buoy four',
      body: 'storm coming',
      done: true,
      pending: 1,
      version: 3,
    });
    expect(rebased!.base).toMatchObject({ title: 'Buoy 4 (moved)', body: 'calm', version: 3 });
    expect(await b.db.outbox.count()).toBe(1);
    expect((await b.db.outbox.toArray())[0]!.args).toMatchObject({ baseVersion: 2 });

    await sync(b);
    await sync(a);
    const settled = await b.db.entries.get(entryId);
    expect(settled).toMatchObject({
      title: 'Buoy four',
      body: 'storm coming',
      done: true,
      pending: 0,
      conflicted: true, // A changed the title after the version B's edit was based on
      updatedBy: bo.user.id,
    });
    expect(settled!.base).toBeUndefined();
    expect(await shown(a.db, notebookId)).toEqual(await shown(b.db, notebookId));
    // A's notebook counts B's change as unread until A opens it.
    expect(await a.db.notebooks.get(notebookId)).toMatchObject({ unread: 1 });
    await markNotebookRead(a.db, notebookId);
    expect(await a.db.notebooks.get(notebookId)).toMatchObject({ unread: 0 });
  });

  it('two devices that edit the same notebooks converge', async () => {
    const a = await device(ana);
    const b = await device(bo);
    const shared = await createNotebook(a.db, 'Shared');
    await sync(a);
    await share(ana, bo, shared, 'editor');
    await sync(b);
    const own = await createNotebook(b.db, 'Bo only');
    const ids: string[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 4; round++) {
      for (const d of [a, b]) {
        for (let i = 0; i < 6; i++) {
          const r = random();
          const id = ids[Math.floor(random() * ids.length)];
          if (r < 0.4 || !id) {
            ids.push(
              await putEntry(d.db, shared, undefined, { title: `t${round}${i}`, tags: ['x'] }),
            );
          } else if (r < 0.85) {
            const existing = await d.db.entries.get(id);
            if (existing && !existing.deleted) {
              await putEntry(d.db, shared, id, { body: `b${round}${i}`, done: r < 0.6 });
            }
          } else {
            const existing = await d.db.entries.get(id);
            if (existing && !existing.deleted) await deleteEntry(d.db, shared, id);
          }
        }
        if (d === b) await putEntry(b.db, own, undefined, { title: `own ${round}` });
      }
      await sync(round % 2 ? a : b);
    }
    await sync(a);
    await sync(b);
    await sync(a);
    const seenByA = await shown(a.db, shared);
    expect(seenByA.entries.length).toBeGreaterThan(5);
    expect(await shown(b.db, shared)).toEqual(seenByA);
    expect((await shown(b.db, own)).entries).toHaveLength(4);
    expect(await a.db.notebooks.get(own)).toBeUndefined();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await b.db.outbox.count()).toBe(0);
    const onServer = (await serverEntries(shared)).filter((row) => Number(row.deleted) === 0);
    expect(onServer.map((row) => row.id).sort()).toEqual(seenByA.entries.map((e) => e.id).sort());
  });

  it('keeps the time an entry was written offline once the server has it', async () => {
    const a = await device(ana);
    const b = await device(ana);
    const notebookId = await createNotebook(a.db, 'Tide log');
    // Written on a.'s clock a day ago (as if offline since), pushed now.
    const yesterday = Date.now() - 86_400_000;
    vi.useFakeTimers({ toFake: ['Date'], now: yesterday });
    let entryId: string;
    try {
      entryId = await putEntry(a.db, notebookId, undefined, { title: 'Written at sea' });
    } finally {
      vi.useRealTimers();
    }
    await sync(a);
    await sync(b);
    for (const d of [a, b]) {
      expect(await d.db.entries.get(entryId)).toMatchObject({
        createdAt: yesterday,
        updatedAt: yesterday,
      });
    }
  });

  it('hides a local delete until acknowledged and delivers it to other devices as a tombstone', async () => {
    const a = await device(ana);
    const a2 = await device(ana);
    const notebookId = await createNotebook(a.db, 'Deletions');
    const keep = await putEntry(a.db, notebookId, undefined, { title: 'keep' });
    const gone = await putEntry(a.db, notebookId, undefined, { title: 'gone' });
    await sync(a);
    await sync(a2);
    expect(await a2.db.entries.count()).toBeGreaterThanOrEqual(2);

    await deleteEntry(a.db, notebookId, gone);
    expect(await a.db.entries.get(gone)).toMatchObject({ deleted: true, pending: 1 });
    expect((await listEntries(a.db, notebookId)).map((e) => e.id)).toEqual([keep]);
    await sync(a);
    expect(await a.db.entries.get(gone)).toBeUndefined();

    const pulled = await sync(a2);
    expect(pulled.pulled).toBe(1);
    expect(await a2.db.entries.get(gone)).toBeUndefined();
    expect(await a2.db.entries.get(keep)).toMatchObject({ title: 'keep' });

    // Deleting the notebook removes it, its entries and its cursor on every device.
    await deleteNotebook(a.db, notebookId);
    expect(await a.db.notebooks.get(notebookId)).toMatchObject({ deleted: true });
    await sync(a);
    await sync(a2);
    for (const d of [a, a2]) {
      expect(await d.db.notebooks.get(notebookId)).toBeUndefined();
      expect(await d.db.entries.where('notebookId').equals(notebookId).count()).toBe(0);
      expect(await d.db.cursors.get(notebookId)).toBeUndefined();
    }
  });

  it('leaves a large download whole to the sync worker (handOffAbove)', async () => {
    // An account of its own: the other tests' notebooks would join the download.
    const cy = await signUpWithToken(server.url, 'Cy');
    const a = await device(cy);
    const b = await device(cy);
    const notebookId = await createNotebook(a.db, 'Large');
    for (let i = 0; i < 6; i++) await putEntry(a.db, notebookId, undefined, { title: `e${i}` });
    await sync(a);

    // 7 versions to come, more than 3: the first page shows it and nothing is stored here.
    const first = await sync(b, { pullLimit: 2, handOffAbove: 3 });
    expect(first).toMatchObject({ pulled: 0, handedOff: true });
    const [run] = await b.db.activity.orderBy('id').reverse().limit(1).toArray();
    expect(run?.detail).toBe('Sent 0 changes, received 0; the download went to the sync worker');
    expect(await b.db.entries.count()).toBe(0);
    expect(await b.db.cursors.count()).toBe(0);
    // The worker's sync (no handOffAbove) downloads it all.
    const rest = await sync(b, { pullLimit: 2 });
    expect(rest.pulled).toBe(6);
    expect(rest.handedOff).toBeUndefined();
    expect(await shown(b.db, notebookId)).toEqual(await shown(a.db, notebookId));
    // A backlog under the threshold is pulled here, to the end.
    await putEntry(a.db, notebookId, undefined, { title: 'one more' });
    await sync(a);
    expect(await sync(b, { pullLimit: 2, handOffAbove: 3 })).toMatchObject({ pulled: 1 });
    expect((await sync(b, { pullLimit: 2, handOffAbove: 3 })).handedOff).toBeUndefined();
  });

  it('re-downloads a notebook when its cursor is past the purge horizon, keeping pending work', async () => {
    const a = await device(ana);
    const stale = await device(ana);
    const notebookId = await createNotebook(a.db, 'Purged');
    const ids = [
      await putEntry(a.db, notebookId, undefined, { title: 'e0' }),
      await putEntry(a.db, notebookId, undefined, { title: 'e1' }),
      await putEntry(a.db, notebookId, undefined, { title: 'e2' }),
    ];
    await sync(a);
    await sync(stale);
    await deleteEntry(a.db, notebookId, ids[0]!);
    await renameNotebook(a.db, notebookId, 'Purged (renamed)');
    const after = await putEntry(a.db, notebookId, undefined, { title: 'after' });
    await sync(a);
    expect((await purgeTombstones(server.database, 0, Date.now() + 1)).tombstones).toBeGreaterThan(
      0,
    );

    const mine = await putEntry(stale.db, notebookId, undefined, { title: 'written offline' });
    const edited = await putEntry(stale.db, notebookId, ids[1], { body: 'edited offline' });
    // Pull only, small pages: the first page says resetRequired, the rest complete the copy.
    const pull = await pullChanges({ db: stale.db, transport: stale.transport }, { limit: 1 });
    expect(pull.pages).toBeGreaterThan(2);
    const titles = (await listEntries(stale.db, notebookId)).map((e) => e.title).sort();
    expect(titles).toEqual(['after', 'e1', 'e2', 'written offline']);
    expect(await stale.db.entries.get(ids[0]!)).toBeUndefined();
    expect(await stale.db.entries.get(edited)).toMatchObject({
      body: 'edited offline',
      pending: 1,
    });
    expect(await stale.db.notebooks.get(notebookId)).toMatchObject({ name: 'Purged (renamed)' });

    await sync(stale);
    await sync(a);
    expect(await shown(stale.db, notebookId)).toEqual(await shown(a.db, notebookId));
    expect(await a.db.entries.get(mine)).toMatchObject({ title: 'written offline' });
    expect(await a.db.entries.get(after)).toMatchObject({ title: 'after' });
  });

  it('turns a rejected write into a dead letter, rolls the entity back and acknowledges it', async () => {
    const a = await device(ana);
    const b = await device(bo);
    const notebookId = await createNotebook(a.db, 'Rejections');
    const entryId = await putEntry(a.db, notebookId, undefined, { title: 'original' });
    await sync(a);
    await share(ana, bo, notebookId, 'editor');
    await sync(b);

    // B edits offline while still an editor; meanwhile the owner makes B a viewer.
    await putEntry(b.db, notebookId, entryId, { title: 'edited by Bo' });
    const created = await putEntry(b.db, notebookId, undefined, { title: 'new from Bo' });
    await apiRequest(
      server.url,
      ana.token,
      'PATCH',
      `/api/notebooks/${notebookId}/members/${bo.user.id}`,
      { role: 'viewer' },
    );
    const result = await sync(b);
    expect(result).toMatchObject({ pushed: 2, rejected: 2 });
    const letters = await b.db.deadLetters.orderBy('mutationId').toArray();
    expect(letters.map((l) => [l.name, l.code, l.entityId])).toEqual([
      ['entry.put', 'forbidden', entryId],
      ['entry.put', 'forbidden', created],
    ]);
    expect(letters[0]!.message).toMatch(/\S/);
    expect(letters[0]!.args).toMatchObject({ fields: { title: 'edited by Bo' } });
    // Rolled back to the server's state: the edit undone, the new entry gone.
    expect(await b.db.entries.get(entryId)).toMatchObject({ title: 'original', pending: 0 });
    expect(await b.db.entries.get(created)).toBeUndefined();
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.db.notebooks.get(notebookId)).toMatchObject({ role: 'viewer' });
    // Stored, then acknowledged: the server stops reporting them.
    expect(await getMeta(b.db, 'rejectionsToAck')).toEqual([]);
    expect(await server.database.db.selectFrom('rejections').selectAll().execute()).toEqual([]);

    // Retrying is a new local write, refused while B is a viewer; discarding forgets it.
    await expect(retryDeadLetter(b.db, letters[0]!.id!)).rejects.toMatchObject({
      code: 'read-only',
    });
    expect(await b.db.deadLetters.count()).toBe(2);
    await discardDeadLetter(b.db, letters[0]!.id!);
    expect(await b.db.deadLetters.count()).toBe(1);
  });
});
