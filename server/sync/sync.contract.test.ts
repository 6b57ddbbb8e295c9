// The sync API's contract (DESIGN.md, "Sync protocol"), run against SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/protocol/entry.js';
import { Role } from '../../src/protocol/roles.js';
import { pullResponseSchema, pushResponseSchema } from '../../src/protocol/sync.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { purgeTombstones } from './purgeTombstones.js';

afterAll(removeTempDirs);

async function addMember(api: ApiHarness, notebookId: string, userId: string, role: Role) {
  await api.database.db
    .insertInto('memberships')
    .values({ notebook_id: notebookId, user_id: userId, role, joined_at: Date.now() })
    .execute();
}

/** Everything the server holds for a notebook, for before/after comparisons. */
async function serverState(api: ApiHarness) {
  const { db } = api.database;
  return {
    notebooks: await db.selectFrom('notebooks').selectAll().orderBy('id').execute(),
    entries: await db.selectFrom('entries').selectAll().orderBy('id').execute(),
    history: await db.selectFrom('entry_history').selectAll().orderBy('id').execute(),
    clients: await db.selectFrom('sync_clients').selectAll().orderBy('client_id').execute(),
    rejections: await db.selectFrom('rejections').selectAll().orderBy('mutation_id').execute(),
  };
}

function live(records: EntryRecord[]) {
  return records.filter(
    (record): record is Extract<EntryRecord, { deleted: false }> => !record.deleted,
  );
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`sync contract on ${kind}`, () => {
    let api: ApiHarness;
    beforeEach(async () => {
      api = await openApiHarness(kind);
    });
    afterEach(async () => api.close());

    it('replaying the same push 10 times gives the same state as once', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const entryId = randomUUID();
      const batch = client.number([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Tide table', tags: ['sea'] }, entryId),
        entryPut(notebookId, { done: true }, entryId, 2),
        { name: 'entry.delete', args: { id: randomUUID(), notebookId } },
      ]);
      const first = await client.send(batch);
      expect(first).toMatchObject({
        lastMutationId: 4,
        applied: 3,
        rejected: 1,
        skipped: 0,
        gapAt: null,
      });
      const once = await serverState(api);
      for (let i = 0; i < 10; i++) {
        const again = await client.send(batch);
        pushResponseSchema.parse(again);
        expect(again).toMatchObject({ lastMutationId: 4, applied: 0, rejected: 0, skipped: 4 });
      }
      const after = await serverState(api);
      expect(after.entries).toEqual(once.entries);
      expect(after.notebooks).toEqual(once.notebooks);
      expect(after.history).toEqual(once.history);
      expect(after.rejections).toEqual(once.rejections);
      expect(after.clients.map((c) => c.last_mutation_id)).toEqual([4]);
    });

    it('a batch with a gap stops at the gap', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const [create, put1, put2, put3] = client.number([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'one' }),
        entryPut(notebookId, { title: 'two' }),
        entryPut(notebookId, { title: 'three' }),
      ]);
      const response = await client.send([create!, put1!, put3!]);
      expect(response).toMatchObject({ lastMutationId: 2, applied: 2, gapAt: 3 });
      expect(await api.database.db.selectFrom('entries').select('title').execute()).toEqual([
        { title: 'one' },
      ]);
      const resent = await client.send([put2!, put3!]);
      expect(resent).toMatchObject({ lastMutationId: 4, applied: 2, gapAt: null });
    });

    it('a rejected mutation advances lastMutationId and its rejection survives a lost response', async () => {
      const owner = new TestSyncClient(api, await api.signUp());
      const viewerUser = await api.signUp();
      const viewer = new TestSyncClient(api, viewerUser);
      const notebookId = randomUUID();
      await owner.push([notebookCreate(notebookId)]);
      await addMember(api, notebookId, viewerUser.user.id, Role.Viewer);

      const batch = viewer.number([entryPut(notebookId, { title: 'not allowed' })]);
      await viewer.send(batch); // the response is "lost"
      const retry = await viewer.send(batch);
      expect(retry).toMatchObject({ lastMutationId: 1, applied: 0, rejected: 0, skipped: 1 });
      expect(retry.rejections).toEqual([
        expect.objectContaining({ mutationId: 1, name: 'entry.put', code: 'forbidden' }),
      ]);
      const pulled = await viewer.pullOnce();
      expect(pulled.lastMutationId).toBe(1);
      expect(pulled.rejections).toHaveLength(1);
      expect(await api.database.db.selectFrom('entries').select('id').execute()).toEqual([]);

      const acked = await viewer.pullOnce({ ackRejections: [1] });
      expect(acked.rejections).toEqual([]);
      expect((await viewer.send([])).rejections).toEqual([]);
    });

    it('rejects invalid arguments and unknown mutations per mutation, not per push', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const response = await client.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'x'.repeat(201) }),
        entryPut(notebookId, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
        entryPut(notebookId, { body: 'é'.repeat(60 * 1024) }),
        { name: 'entry.explode', args: {} },
        entryPut(notebookId, { title: 'fine' }),
      ]);
      expect(response).toMatchObject({ lastMutationId: 6, applied: 2, rejected: 4 });
      expect(response.rejections.map((r) => r.code)).toEqual([
        'invalid-args',
        'invalid-args',
        'invalid-args',
        'unknown-mutation',
      ]);
      expect(response.rejections[0]!.message).toMatch(/title/);
    });

    it('20 clients pushing at once give gap-free versions, and every pull sees each change once', async () => {
      const owner = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      await owner.push([notebookCreate(notebookId)]);
      const writers: TestSyncClient[] = [];
      for (let i = 0; i < 20; i++) {
        const user = await api.signUp();
        await addMember(api, notebookId, user.user.id, Role.Editor);
        writers.push(new TestSyncClient(api, user));
      }
      const readers = writers.slice(0, 3);
      const seen = readers.map(() => new Map<string, number>());
      let pushing = true;
      const readLoops = readers.map(async (reader, index) => {
        const readerSeen = seen[index]!;
        const readerClient = new TestSyncClient(api, reader.user);
        const record = (pages: Awaited<ReturnType<TestSyncClient['pullAll']>>) => {
          for (const page of pages) {
            for (const change of page.changes) {
              for (const entry of change.entries) {
                const key = `${entry.id}@${entry.version}`;
                readerSeen.set(key, (readerSeen.get(key) ?? 0) + 1);
              }
            }
          }
        };
        while (pushing) record(await readerClient.pullAll(7));
        record(await readerClient.pullAll(7));
      });
      await Promise.all(
        writers.map(async (writer) => {
          for (let round = 0; round < 5; round++) {
            await writer.push([
              entryPut(notebookId, { title: `a${round}` }),
              entryPut(notebookId, { title: `b${round}` }),
            ]);
          }
        }),
      );
      pushing = false;
      await Promise.all(readLoops);

      const versions = (
        await api.database.db.selectFrom('entries').select('version').orderBy('version').execute()
      ).map((row) => Number(row.version));
      expect(versions).toHaveLength(200);
      // Version 1 is the notebook's creation; each entry took the next one with no gaps.
      expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
      for (const readerSeen of seen) {
        expect(readerSeen.size).toBe(200);
        expect([...readerSeen.values()].every((count) => count === 1)).toBe(true);
      }
    });

    it('paging returns each change once, in version order, across notebooks', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebooks = [randomUUID(), randomUUID()];
      await client.push(notebooks.map((id) => notebookCreate(id)));
      for (const notebookId of notebooks) {
        await client.push(
          Array.from({ length: 25 }, (_, i) => entryPut(notebookId, { title: `e${i}` })),
        );
      }
      const reader = new TestSyncClient(api, client.user);
      const pages = await reader.pullAll(10);
      expect(pages.length).toBeGreaterThanOrEqual(5);
      for (const page of pages) pullResponseSchema.parse(page);
      const byNotebook = new Map<string, number[]>();
      for (const page of pages) {
        for (const change of page.changes) {
          const list = byNotebook.get(change.notebookId) ?? [];
          list.push(...change.entries.map((entry) => entry.version));
          byNotebook.set(change.notebookId, list);
        }
        expect(
          page.changes.reduce((sum, change) => sum + change.entries.length, 0),
        ).toBeLessThanOrEqual(10);
      }
      for (const notebookId of notebooks) {
        const list = byNotebook.get(notebookId)!;
        expect(list).toHaveLength(25);
        expect([...list].sort((a, b) => a - b)).toEqual(list);
        expect(new Set(list).size).toBe(25);
      }
      const idle = await reader.pullOnce();
      expect(idle.changes).toEqual([]);
    });

    it('delivers deletions as tombstones, and a fresh copy skips them', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const keep = randomUUID();
      const gone = randomUUID();
      await client.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'keep' }, keep),
        entryPut(notebookId, { title: 'gone' }, gone),
      ]);
      await client.pullAll();
      await client.push([{ name: 'entry.delete', args: { id: gone, notebookId } }]);
      const [delta] = await client.pullAll();
      expect(delta!.changes[0]!.entries).toEqual([
        { id: gone, notebookId, deleted: true, version: 4 },
      ]);
      const fresh = new TestSyncClient(api, client.user);
      const [copy] = await fresh.pullAll();
      expect(copy!.changes[0]!.entries.map((entry) => entry.id)).toEqual([keep]);
    });

    it('a stale cursor past the purge horizon gets resetRequired, then a complete fresh copy', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await client.push([
        notebookCreate(notebookId),
        ...ids.map((id, i) => entryPut(notebookId, { title: `e${i}` }, id)),
      ]);
      const stale = new TestSyncClient(api, client.user);
      await stale.pullAll();
      const staleCursor = stale.cursors[notebookId]!;
      await client.push([{ name: 'entry.delete', args: { id: ids[0], notebookId } }]);
      await client.push([entryPut(notebookId, { title: 'after' })]);
      const purged = await purgeTombstones(api.database, 0, Date.now() + 1);
      expect(purged.tombstones).toBe(1);

      const pages = await stale.pullAll(1);
      expect(pages[0]!.changes[0]!.resetRequired).toBe(true);
      expect(
        pages.slice(1).every((page) => page.changes.every((change) => !change.resetRequired)),
      ).toBe(true);
      const copy = pages.flatMap((page) => page.changes.flatMap((change) => live(change.entries)));
      expect(copy.map((entry) => entry.fields.title).sort()).toEqual(['after', 'e1', 'e2']);
      expect(stale.cursors[notebookId]!.version).toBeGreaterThan(staleCursor.version);

      // A client that was up to date when the purge ran needs no reset.
      const current = new TestSyncClient(api, client.user);
      await current.pullAll();
      await purgeTombstones(api.database, 0, Date.now() + 1);
      const [next] = await current.pullAll();
      expect(next!.changes).toEqual([]);
    });

    it('keeps both sides of a conflict: history, conflicted flag, and resolve', async () => {
      const ana = new TestSyncClient(api, await api.signUp(undefined, 'Ana'));
      const boUser = await api.signUp(undefined, 'Bo');
      const bo = new TestSyncClient(api, boUser);
      const notebookId = randomUUID();
      const entryId = randomUUID();
      await ana.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Buoy 4', body: 'calm' }, entryId),
      ]);
      await addMember(api, notebookId, boUser.user.id, Role.Editor);
      const base = 2; // both saw version 2
      await ana.push([entryPut(notebookId, { body: 'choppy' }, entryId, base)]);
      await bo.push([entryPut(notebookId, { body: 'storm coming', done: true }, entryId, base)]);

      const [page] = await bo.pullAll();
      const entry = live(page!.changes[0]!.entries)[0]!;
      expect(entry.fields).toMatchObject({ title: 'Buoy 4', body: 'storm coming', done: true });
      expect(entry.conflicted).toBe(true);

      const history = await api.request({
        url: `/api/notebooks/${notebookId}/entries/${entryId}/history`,
        headers: { cookie: boUser.cookie },
      });
      expect(history.statusCode).toBe(200);
      const items = (
        history.json() as {
          items: { field: string; value: unknown; conflict: boolean; author: { name: string } }[];
        }
      ).items;
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'body',
            value: 'choppy',
            conflict: true,
            author: expect.objectContaining({ name: 'Ana' }),
          }),
          expect.objectContaining({ field: 'body', value: 'calm', conflict: false }),
        ]),
      );

      await ana.push([
        { name: 'entry.resolve', args: { id: entryId, notebookId, keep: 'theirs' } },
      ]);
      const [resolved] = await ana.pullAll();
      const after = live(resolved!.changes[0]!.entries)[0]!;
      expect(after.fields.body).toBe('choppy');
      expect(after.conflicted).toBe(false);
      // Bo's overwritten text is itself in history now, so nothing is lost either way.
      const again = (
        await api.request({
          url: `/api/notebooks/${notebookId}/entries/${entryId}/history`,
          headers: { cookie: boUser.cookie },
        })
      ).json() as { items: { value: unknown }[] };
      expect(again.items.map((item) => item.value)).toContain('storm coming');

      const notConflicted = await ana.push([
        { name: 'entry.resolve', args: { id: entryId, notebookId, keep: 'mine' } },
      ]);
      expect(notConflicted.rejections.at(-1)).toMatchObject({ code: 'not-conflicted' });
    });

    it('"theirs" restores only the conflicts since the last resolve', async () => {
      const ana = new TestSyncClient(api, await api.signUp(undefined, 'Ana'));
      const boUser = await api.signUp(undefined, 'Bo');
      const bo = new TestSyncClient(api, boUser);
      const notebookId = randomUUID();
      const entryId = randomUUID();
      await ana.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'T', body: 'calm' }, entryId),
      ]);
      await addMember(api, notebookId, boUser.user.id, Role.Editor);
      await ana.push([entryPut(notebookId, { body: 'choppy' }, entryId, 2)]);
      await bo.push([entryPut(notebookId, { body: 'storm' }, entryId, 2)]);
      await bo.push([{ name: 'entry.resolve', args: { id: entryId, notebookId, keep: 'mine' } }]);
      // A second, later conflict on another field.
      await ana.push([entryPut(notebookId, { title: 'Ana’s title' }, entryId, 5)]);
      await bo.push([entryPut(notebookId, { title: 'Bo’s title' }, entryId, 5)]);
      await ana.push([
        { name: 'entry.resolve', args: { id: entryId, notebookId, keep: 'theirs' } },
      ]);
      const [page] = await ana.pullAll();
      const entry = live(page!.changes[0]!.entries).find((e) => e.id === entryId)!;
      expect(entry.fields).toMatchObject({ body: 'storm', title: 'Ana’s title' });
      expect(entry.conflicted).toBe(false);
      const history = (
        await api.request({
          url: `/api/notebooks/${notebookId}/entries/${entryId}/history`,
          headers: { cookie: boUser.cookie },
        })
      ).json() as { items: { conflict: boolean; settled: boolean }[] };
      expect(history.items.filter((item) => item.conflict).every((item) => item.settled)).toBe(
        true,
      );
    });

    it('a later edit by the same person is history, not a conflict', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const entryId = randomUUID();
      await client.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'v1' }, entryId),
      ]);
      await client.push([entryPut(notebookId, { title: 'v2' }, entryId, 0)]);
      const [page] = await client.pullAll();
      expect(live(page!.changes[0]!.entries)[0]).toMatchObject({
        conflicted: false,
        fields: { title: 'v2' },
      });
    });

    it('an edit to an entry deleted meanwhile brings it back, marked conflicted', async () => {
      const ana = new TestSyncClient(api, await api.signUp());
      const boUser = await api.signUp();
      const bo = new TestSyncClient(api, boUser);
      const notebookId = randomUUID();
      const entryId = randomUUID();
      await ana.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'keep me' }, entryId),
      ]);
      await addMember(api, notebookId, boUser.user.id, Role.Editor);
      await ana.push([{ name: 'entry.delete', args: { id: entryId, notebookId } }]);
      await bo.push([entryPut(notebookId, { body: 'my notes' }, entryId, 2)]);
      const [page] = await ana.pullAll();
      const entry = page!.changes[0]!.entries.at(-1)!;
      expect(entry).toMatchObject({
        deleted: false,
        conflicted: true,
        fields: { title: 'keep me', body: 'my notes' },
      });
    });

    it('drops a notebook from the pull of a member who was removed, or when it is deleted', async () => {
      const owner = new TestSyncClient(api, await api.signUp());
      const memberUser = await api.signUp();
      const member = new TestSyncClient(api, memberUser);
      const kept = randomUUID();
      const removed = randomUUID();
      await owner.push([notebookCreate(kept), notebookCreate(removed)]);
      await addMember(api, kept, memberUser.user.id, Role.Viewer);
      await addMember(api, removed, memberUser.user.id, Role.Viewer);
      const [first] = await member.pullAll();
      expect(first!.notebooks.map((n) => n.id).sort()).toEqual([kept, removed].sort());
      await api.database.db
        .deleteFrom('memberships')
        .where('notebook_id', '=', removed)
        .where('user_id', '=', memberUser.user.id)
        .execute();
      const [second] = await member.pullAll();
      expect(second!.removedNotebooks).toEqual([removed]);
      expect(second!.notebooks.map((n) => n.id)).toEqual([kept]);

      await owner.push([{ name: 'notebook.delete', args: { id: kept } }]);
      const [third] = await member.pullAll();
      expect(third!.removedNotebooks).toEqual([kept]);
      expect(third!.notebooks).toEqual([]);
    });

    it('only the owner renames or deletes a notebook', async () => {
      const owner = new TestSyncClient(api, await api.signUp());
      const editorUser = await api.signUp();
      const editor = new TestSyncClient(api, editorUser);
      const notebookId = randomUUID();
      await owner.push([notebookCreate(notebookId, 'Old')]);
      await addMember(api, notebookId, editorUser.user.id, Role.Editor);
      const refused = await editor.push([
        { name: 'notebook.rename', args: { id: notebookId, name: 'Mine now' } },
        { name: 'notebook.delete', args: { id: notebookId } },
      ]);
      expect(refused.rejections.map((r) => r.code)).toEqual(['forbidden', 'forbidden']);
      await owner.push([{ name: 'notebook.rename', args: { id: notebookId, name: 'New' } }]);
      const [page] = await editor.pullAll();
      expect(page!.notebooks).toEqual([
        expect.objectContaining({ id: notebookId, name: 'New', role: 'editor' }),
      ]);
    });

    it('refuses a client id that belongs to another account', async () => {
      const ana = new TestSyncClient(api, await api.signUp());
      await ana.push([notebookCreate()]);
      const bo = await api.signUp();
      const response = await api.request({
        method: 'POST',
        url: '/api/sync/push',
        headers: bo.headers,
        payload: { clientId: ana.clientId, mutations: [] },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'client-mismatch' } });
    });

    it('publishes a poke after a push commits', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const events: unknown[] = [];
      api.events.subscribe((event) => events.push(event));
      const notebookId = randomUUID();
      await client.push([notebookCreate(notebookId), entryPut(notebookId, { title: 'x' })]);
      expect(events).toEqual([
        { type: 'membership', notebookId, userId: client.user.user.id, change: 'added' },
        { type: 'poke', notebookId, version: 2, originClientId: client.clientId },
      ]);
      await client.push([entryPut(notebookId, { title: 'y' })]);
      expect(events.at(-1)).toEqual({
        type: 'poke',
        notebookId,
        version: 3,
        originClientId: client.clientId,
      });
    });
  });
}
