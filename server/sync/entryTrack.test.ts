// The `track` entry field on the server (migration 006), on SQLite and PostgreSQL: a 10,000-fix
// track is stored and pulled back exactly, a teammate's pull carries it, other fields change
// without touching it, and a damaged or oversized track is rejected per mutation, changing nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Limits } from '../../src/protocol/limits.js';
import { encodeTrackPoints } from '../../src/protocol/trackCodec.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';

afterAll(removeTempDirs);

const walk = Array.from({ length: 10_000 }, (_, i) => ({
  lat: 59.3293 + i * 0.00001,
  lon: 18.0686 + Math.sin(i / 300) * 0.001,
  t: 1_700_000_000_000 + i * 1000,
  ele: 20 + Math.sin(i / 50) * 4,
  acc: 5,
}));
const track = {
  points: encodeTrackPoints(walk),
  gaps: [{ after: 4999, from: 1_700_004_999_500, to: 1_700_005_000_000, cause: 'hidden' as const }],
};

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`entry tracks on ${kind}`, () => {
    let api: ApiHarness;
    beforeEach(async () => {
      api = await openApiHarness(kind);
    });
    afterEach(async () => api.close());

    it('stores a 10,000-fix track and pulls it back exactly; other edits leave it alone', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const entryId = randomUUID();
      const first = await client.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Shore walk', track }, entryId),
      ]);
      expect(first).toMatchObject({ applied: 2, rejected: 0 });
      await client.push([entryPut(notebookId, { title: 'Shore walk, north' }, entryId, 2)]);
      const [page] = await client.pullAll();
      const record = page!.changes[0]!.entries.find((entry) => entry.id === entryId);
      expect(record).toMatchObject({
        deleted: false,
        fields: { title: 'Shore walk, north', track },
      });
    });

    it('rejects a damaged or oversized track and changes nothing', async () => {
      const client = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const entryId = randomUUID();
      await client.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Walk' }, entryId),
      ]);
      const before = await api.database.db.selectFrom('entries').selectAll().execute();
      const response = await client.push([
        entryPut(notebookId, { track: { points: 'AA*', gaps: [] } }, entryId, 2),
        entryPut(
          notebookId,
          { track: { points: 'A'.repeat(Limits.trackMaxChars + 5), gaps: [] } },
          entryId,
          2,
        ),
        entryPut(
          notebookId,
          { track: { ...track, gaps: [{ ...track.gaps[0]!, cause: 'lunch' }] } },
          entryId,
          2,
        ),
      ] as never);
      expect(response).toMatchObject({ applied: 0, rejected: 3 });
      expect(response.rejections.map((r) => r.code)).toEqual([
        'invalid-args',
        'invalid-args',
        'invalid-args',
      ]);
      expect(response.rejections[0]!.message).toMatch(/damaged/);
      expect(response.rejections[1]!.message).toMatch(/at most 256 KB/);
      expect(await api.database.db.selectFrom('entries').selectAll().execute()).toEqual(before);
    });
  });
}
