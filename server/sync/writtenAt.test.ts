// An entry's times are when its writer made the change (the mutation's `at`), so a change made
// offline keeps its time once it reaches the server — but never a time past the server's clock,
// and an entry's update time never goes back. On SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryRecord, LiveEntryRecord } from '../../src/protocol/entry.js';
import { openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { TestSyncClient, entryPut, notebookCreate } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const HOUR = 3_600_000;

/** The entry with `id`, which must be there and not deleted. */
function live(entries: Map<string, EntryRecord>, id: string): LiveEntryRecord {
  const entry = entries.get(id);
  if (!entry || entry.deleted) throw new Error(`entry ${id} is missing or deleted`);
  return entry;
}

async function entriesById(client: TestSyncClient): Promise<Map<string, EntryRecord>> {
  const pages = await client.pullAll();
  return new Map(
    pages.flatMap((page) => page.changes.flatMap((change) => change.entries.map((e) => [e.id, e]))),
  );
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`an entry's times on ${kind}`, () => {
    let api: ApiHarness;
    let ana: TestUser;
    beforeEach(async () => {
      api = await openApiHarness(kind);
      ana = await api.signUp(undefined, 'Ana');
    });
    afterEach(async () => api.close());

    it('are the writer’s, for a change made offline a day ago', async () => {
      const client = new TestSyncClient(api, ana);
      const notebookId = randomUUID();
      const entryId = randomUUID();
      const yesterday = Date.now() - 24 * HOUR;
      const result = await client.push([
        notebookCreate(notebookId),
        { ...entryPut(notebookId, { title: 'Low water' }, entryId), at: yesterday },
        { ...entryPut(notebookId, { body: 'Ebb' }, entryId, 2), at: yesterday + HOUR },
      ]);
      expect(result).toMatchObject({ lastMutationId: 3, rejected: 0 });
      const entry = live(await entriesById(client), entryId);
      expect(entry.createdAt).toBe(yesterday);
      expect(entry.updatedAt).toBe(yesterday + HOUR);
    });

    it('are never past the server’s clock, and an update never moves back in time', async () => {
      const client = new TestSyncClient(api, ana);
      const notebookId = randomUUID();
      const [ahead, behind] = [randomUUID(), randomUUID()];
      const before = Date.now();
      await client.push([
        notebookCreate(notebookId),
        // A device whose clock runs a day fast.
        { ...entryPut(notebookId, { title: 'Ahead' }, ahead), at: before + 24 * HOUR },
        entryPut(notebookId, { title: 'Behind' }, behind),
      ]);
      const after = Date.now();
      let entries = await entriesById(client);
      expect(live(entries, ahead).updatedAt).toBeGreaterThanOrEqual(before);
      expect(live(entries, ahead).updatedAt).toBeLessThanOrEqual(after);
      const updated = live(entries, behind).updatedAt;

      // An edit stamped earlier than the entry's last update (a slow clock, or an offline edit
      // that arrives after a newer one) keeps the later time; a deletion stamped 0 applies.
      await client.push([
        { ...entryPut(notebookId, { title: 'Behind, edited' }, behind, 3), at: updated - HOUR },
        { name: 'entry.delete', args: { id: ahead, notebookId }, at: 0 },
      ]);
      entries = await entriesById(client);
      expect(entries.get(behind)).toMatchObject({
        updatedAt: updated,
        fields: expect.objectContaining({ title: 'Behind, edited' }),
      });
      expect(entries.get(ahead)).toMatchObject({ deleted: true });
    });

    it('refuse a time that is not a whole, non-negative number of ms, storing nothing', async () => {
      const client = new TestSyncClient(api, ana);
      for (const at of [-1, 1.5, 'yesterday', Number.MAX_SAFE_INTEGER + 2]) {
        const response = await api.request({
          method: 'POST',
          url: '/api/sync/push',
          headers: ana.headers,
          payload: {
            clientId: client.clientId,
            mutations: [{ id: 1, ...notebookCreate(), at }],
          },
        });
        expect(response.statusCode, String(at)).toBe(400);
      }
      const pages = await client.pullAll();
      expect(pages.flatMap((page) => page.changes)).toEqual([]);
    });
  });
}
