// Two properties of a pull an attacker or a large notebook could otherwise break: a refused pull
// changes nothing (another account's client id must not acknowledge that client's rejections),
// and a page stops at a byte budget as well as at an entry count.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Limits } from '../../src/protocol/limits.js';
import { Role } from '../../src/protocol/roles.js';
import type { PullResponse } from '../../src/protocol/sync.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`pull hardening on ${kind}`, () => {
    let api: ApiHarness;
    beforeEach(async () => {
      api = await openApiHarness(kind);
    });
    afterEach(async () => api.close());

    it('a pull refused for another account’s client id leaves that client’s rejections', async () => {
      const owner = new TestSyncClient(api, await api.signUp());
      const viewerUser = await api.signUp();
      const viewer = new TestSyncClient(api, viewerUser);
      const notebookId = randomUUID();
      await owner.push([notebookCreate(notebookId)]);
      await api.database.db
        .insertInto('memberships')
        .values({
          notebook_id: notebookId,
          user_id: viewerUser.user.id,
          role: Role.Viewer,
          joined_at: Date.now(),
        })
        .execute();
      const pushed = await viewer.push([entryPut(notebookId, { title: 'not allowed' })]);
      expect(pushed.rejections).toHaveLength(1);

      const attacker = await api.signUp();
      const refused = await api.request({
        method: 'POST',
        url: '/api/sync/pull',
        headers: attacker.headers,
        payload: { clientId: viewer.clientId, cursors: {}, ackRejections: [1] },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'client-mismatch' } });

      expect((await viewer.pullOnce()).rejections).toEqual([
        expect.objectContaining({ mutationId: 1, code: 'forbidden' }),
      ]);
      expect((await viewer.pullOnce({ ackRejections: [1] })).rejections).toEqual([]);
    });

    it('stops a page of large entries at the byte budget and still moves forward', async () => {
      const writer = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      await writer.push([notebookCreate(notebookId)]);
      const body = 'x'.repeat(Limits.bodyMaxBytes - 10);
      const count = 25;
      for (let i = 0; i < count; i += 5) {
        await writer.push(
          Array.from({ length: 5 }, (_, j) => entryPut(notebookId, { title: `#${i + j}`, body })),
        );
      }

      const reader = new TestSyncClient(api, writer.user);
      const pages: PullResponse[] = [];
      let cursor: unknown = undefined;
      for (let guard = 0; guard < 20; guard++) {
        const response = await api.request({
          method: 'POST',
          url: '/api/sync/pull',
          headers: writer.user.headers,
          payload: {
            clientId: reader.clientId,
            cursors: cursor === undefined ? {} : { [notebookId]: cursor },
          },
        });
        expect(response.statusCode).toBe(200);
        // The whole response, not only its entries, stays near the budget.
        expect(Buffer.byteLength(response.body)).toBeLessThan(Limits.pullPageBytes + 64 * 1024);
        const page = response.json() as PullResponse;
        pages.push(page);
        const change = page.changes.find((c) => c.notebookId === notebookId);
        if (!change) break;
        cursor = change.cursor;
        if (!page.hasMore) break;
      }
      const entries = pages.flatMap((page) => page.changes.flatMap((change) => change.entries));
      expect(entries).toHaveLength(count);
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(count);
      expect(pages.length).toBeGreaterThan(2);
      expect(pages.every((page) => page.changes.every((c) => c.entries.length > 0))).toBe(true);
    });

    it('shares one byte budget across the notebooks of a page', async () => {
      const writer = new TestSyncClient(api, await api.signUp());
      const notebooks = [randomUUID(), randomUUID()].sort();
      await writer.push(notebooks.map((id) => notebookCreate(id)));
      const body = 'é'.repeat(Limits.bodyMaxBytes / 2 - 10);
      for (const notebookId of notebooks) {
        await writer.push(
          Array.from({ length: 6 }, () => entryPut(notebookId, { title: 't', body })),
        );
      }
      const page = await new TestSyncClient(api, writer.user).pullOnce();
      const sizes = page.changes.map((change) => change.entries.length);
      // About 10 entries of ~100 KB fit in 1 MB: the first notebook whole, part of the second.
      expect(sizes[0]).toBe(6);
      expect(sizes[1]).toBeGreaterThan(0);
      expect(sizes[1]).toBeLessThan(6);
      expect(page.changes[1]).toMatchObject({ hasMore: true });
      expect(page.hasMore).toBe(true);
    });
  });
}
