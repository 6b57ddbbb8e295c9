// Recently deleted entries and earlier versions, from the people's side: a deleted entry is
// listed with its text for the tombstone period and a writer brings it back with entry.restore
// (teammates pull it again); a viewer sees but cannot restore; nothing comes back once purged;
// an entry's history is read a page at a time.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryHistoryResponse } from '../../src/protocol/entry.js';
import type { TrashResponse } from '../../src/protocol/trash.js';
import { openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { purgeTombstones } from './purgeTombstones.js';

afterAll(removeTempDirs);

const DAY = 24 * 60 * 60 * 1000;

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`trash and history on ${kind}`, () => {
    let api: ApiHarness;
    let owner: TestUser;
    let editor: TestUser;
    let viewer: TestUser;
    let notebookId: string;

    async function join(user: TestUser, role: 'editor' | 'viewer') {
      const invite = await api.request({
        method: 'POST',
        url: `/api/notebooks/${notebookId}/invites`,
        headers: owner.headers,
        payload: { role },
      });
      const { token } = invite.json() as { token: string };
      const accepted = await api.request({
        method: 'POST',
        url: `/api/invites/${token}/accept`,
        headers: user.headers,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
    }

    beforeEach(async () => {
      api = await openApiHarness(kind, { tombstoneTtlMs: 7 * DAY });
      owner = await api.signUp(undefined, 'Ana');
      editor = await api.signUp(undefined, 'Ben');
      viewer = await api.signUp(undefined, 'Cleo');
      notebookId = randomUUID();
      await new TestSyncClient(api, owner).push([notebookCreate(notebookId)]);
      await join(editor, 'editor');
      await join(viewer, 'viewer');
    });
    afterEach(async () => api.close());

    const trash = async (user: TestUser, query = '') => {
      const response = await api.request({
        url: `/api/notebooks/${notebookId}/trash${query}`,
        headers: user.headers,
      });
      return response;
    };

    it('lists a deleted entry with its text until a writer restores it, and teammates pull it back', async () => {
      const ana = new TestSyncClient(api, owner);
      const ben = new TestSyncClient(api, editor);
      const entryId = randomUUID();
      await ana.push([entryPut(notebookId, { title: 'Buoy 4', body: 'Seal cracked' }, entryId)]);
      await ben.pullAll();
      await ana.push([{ name: 'entry.delete', args: { id: entryId, notebookId } }]);
      const [afterDelete] = await ben.pullAll();
      expect(afterDelete!.changes[0]!.entries).toEqual([
        expect.objectContaining({ id: entryId, deleted: true }),
      ]);

      const listed = await trash(viewer);
      expect(listed.statusCode, listed.body).toBe(200);
      const body = listed.json() as TrashResponse;
      expect(body.keepDays).toBe(7);
      expect(body.nextBefore).toBeNull();
      expect(body.items).toEqual([
        expect.objectContaining({
          id: entryId,
          fields: expect.objectContaining({ title: 'Buoy 4', body: 'Seal cracked' }),
          deletedBy: { id: owner.user.id, name: 'Ana' },
          hasTrack: false,
        }),
      ]);
      expect(body.items[0]!.purgeAt - body.items[0]!.deletedAt).toBe(7 * DAY);

      // A viewer may look but not restore.
      const cleo = new TestSyncClient(api, viewer);
      const refused = await cleo.push([
        { name: 'entry.restore', args: { id: entryId, notebookId } },
      ]);
      expect(refused.rejections.map((r) => r.code)).toEqual(['forbidden']);

      const restored = await ben.push([
        { name: 'entry.restore', args: { id: entryId, notebookId } },
      ]);
      expect(restored).toMatchObject({ applied: 1, rejected: 0 });
      const [back] = await ana.pullAll();
      const record = back!.changes
        .flatMap((change) => change.entries)
        .find((e) => e.id === entryId);
      expect(record).toMatchObject({
        deleted: false,
        fields: { title: 'Buoy 4', body: 'Seal cracked' },
        updatedBy: editor.user.id,
        conflicted: false,
      });
      expect(((await trash(owner)).json() as TrashResponse).items).toEqual([]);

      // Restoring a live entry (an undo arriving twice) changes nothing.
      const before = await api.database.db.selectFrom('entries').selectAll().execute();
      const again = await ana.push([{ name: 'entry.restore', args: { id: entryId, notebookId } }]);
      expect(again).toMatchObject({ applied: 1, rejected: 0 });
      expect(await api.database.db.selectFrom('entries').selectAll().execute()).toEqual(before);
    });

    it('pages the trash newest first and keeps it from outsiders', async () => {
      const ana = new TestSyncClient(api, owner);
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await ana.push(ids.map((id, i) => entryPut(notebookId, { title: `n${i}` }, id)));
      await ana.push(ids.map((id) => ({ name: 'entry.delete', args: { id, notebookId } })));
      const first = (await trash(owner, '?limit=2')).json() as TrashResponse;
      expect(first.items.map((item) => item.fields.title)).toEqual(['n2', 'n1']);
      expect(first.nextBefore).toBe(first.items[1]!.version);
      const second = (
        await trash(owner, `?limit=2&before=${first.nextBefore}`)
      ).json() as TrashResponse;
      expect(second.items.map((item) => item.fields.title)).toEqual(['n0']);
      expect(second.nextBefore).toBeNull();

      const outsider = await api.signUp();
      expect((await trash(outsider)).statusCode).toBe(404);
      expect((await trash(owner, '?limit=0')).statusCode).toBe(400);
      expect((await trash(owner, '?sort=x')).statusCode).toBe(400);
      const signedOut = await api.request({ url: `/api/notebooks/${notebookId}/trash` });
      expect(signedOut.statusCode).toBe(401);
    });

    it('cannot bring back an entry once its tombstone is purged', async () => {
      const ana = new TestSyncClient(api, owner);
      const entryId = randomUUID();
      await ana.push([entryPut(notebookId, { title: 'gone' }, entryId)]);
      await ana.push([{ name: 'entry.delete', args: { id: entryId, notebookId } }]);
      const purged = await purgeTombstones(api.database, 7 * DAY, Date.now() + 8 * DAY);
      expect(purged.tombstones).toBe(1);
      expect(((await trash(owner)).json() as TrashResponse).items).toEqual([]);
      const late = await ana.push([{ name: 'entry.restore', args: { id: entryId, notebookId } }]);
      expect(late.rejections.map((r) => r.code)).toEqual(['not-found']);
    });

    it('reads an entry history a page at a time, newest first', async () => {
      const ana = new TestSyncClient(api, owner);
      const entryId = randomUUID();
      await ana.push([entryPut(notebookId, { title: 'v0' }, entryId)]);
      for (let i = 1; i <= 4; i++) {
        await ana.push([entryPut(notebookId, { title: `v${i}` }, entryId, 1 + i)]);
      }
      const url = `/api/notebooks/${notebookId}/entries/${entryId}/history`;
      const first = await api.request({ url: `${url}?limit=3`, headers: viewer.headers });
      const page1 = first.json() as EntryHistoryResponse;
      expect(page1.items.map((item) => item.value)).toEqual(['v3', 'v2', 'v1']);
      expect(page1.nextBefore).toBe(page1.items[2]!.id);
      const second = await api.request({
        url: `${url}?limit=3&before=${page1.nextBefore}`,
        headers: viewer.headers,
      });
      const page2 = second.json() as EntryHistoryResponse;
      expect(page2.items.map((item) => item.value)).toEqual(['v0']);
      expect(page2.nextBefore).toBeNull();
      expect(page2.items[0]!.author.name).toBe('Ana');
      const bad = await api.request({ url: `${url}?limit=501`, headers: viewer.headers });
      expect(bad.statusCode).toBe(400);
    });
  });
}
