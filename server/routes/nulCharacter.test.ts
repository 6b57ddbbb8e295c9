// Text holding the NUL character (U+0000) is refused the same way on SQLite and PostgreSQL
// (which cannot store it): a mutation carrying it is rejected with its reason while the rest of
// the push applies, and a request carrying it gets a 400 — never a 500, and nothing stored.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toErrorReply } from '../http/toErrorReply.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { TestSyncClient, entryPut } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`the NUL character on ${kind}`, () => {
    let api: ApiHarness;
    let ana: TestUser;
    beforeEach(async () => {
      api = await openApiHarness(kind);
      ana = await api.signUp(undefined, 'Ana');
    });
    afterEach(async () => api.close());

    it('rejects the mutations that carry it, with the reason, and applies the rest', async () => {
      const client = new TestSyncClient(api, ana);
      const notebookId = randomUUID();
      const result = await client.push([
        { name: 'notebook.create', args: { id: notebookId, name: 'Tide\u0000log' } },
        { name: 'notebook.create', args: { id: notebookId, name: 'Tide log' } },
        entryPut(notebookId, { title: 'high\u0000water' }),
        entryPut(notebookId, { title: 'Low water', body: 'ebb\u0000' }),
        entryPut(notebookId, { title: 'Slack water', tags: ['ok', 'n\u0000'] }),
        entryPut(notebookId, { title: 'Spring tide' }),
      ]);
      expect(result).toMatchObject({ lastMutationId: 6, applied: 2, rejected: 4 });
      expect(result.rejections.map((r) => r.mutationId)).toEqual([1, 3, 4, 5]);
      for (const rejection of result.rejections) {
        expect(rejection.message).toMatch(/NUL character/);
      }
      const [page] = await client.pullAll();
      const titles = page!.changes.flatMap((change) =>
        change.entries.map((entry) => (entry.deleted ? '' : entry.fields.title)),
      );
      expect(titles).toEqual(['Spring tide']);
    });

    it('refuses it in a name with a 400, storing nothing', async () => {
      const email = `nul-${randomUUID()}@example.org`;
      const response = await api.request({
        method: 'POST',
        url: '/api/auth/sign-up',
        headers: { origin: APP_ORIGIN },
        payload: { email, password: 'correct horse battery', name: 'Mo\u0000' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { message: expect.stringMatching(/NUL/) } });
      const users = await api.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .execute();
      expect(users).toEqual([]);
    });
  });
}

describe('a NUL that reaches PostgreSQL all the same', () => {
  it('is answered as the request’s fault (400), not the server’s', () => {
    const reply = toErrorReply(
      Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
        code: '22021',
      }),
    );
    expect(reply.statusCode).toBe(400);
    expect(reply.body.error.message).toMatch(/NUL character/);
  });
});
