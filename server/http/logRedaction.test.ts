// Log lines never carry an invite token: the info log of a real invite's life (create, preview,
// accept, the join page and the sign-in redirect) is searched for the token.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`log redaction on ${kind}`, () => {
    let api: ApiHarness;
    afterEach(async () => api.close());

    it('logs invite URLs without their token', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      api = await openApiHarness(kind, {}, { logger: { level: 'info', stream } });
      const owner = await api.signUp();
      const notebookId = randomUUID();
      await new TestSyncClient(api, owner).push([notebookCreate(notebookId)]);
      const created = await api.request({
        method: 'POST',
        url: `/api/notebooks/${notebookId}/invites`,
        headers: owner.headers,
        payload: { role: 'editor' },
      });
      expect(created.statusCode).toBe(201);
      const { token } = created.json() as { token: string };

      const guest = await api.signUp();
      expect(
        (await api.request({ url: `/api/invites/${token}`, headers: guest.headers })).statusCode,
      ).toBe(200);
      const accepted = await api.request({
        method: 'POST',
        url: `/api/invites/${token}/accept`,
        headers: guest.headers,
      });
      expect(accepted.statusCode).toBe(200);
      await api.request({ url: `/join/${token}`, headers: { accept: 'text/html' } });
      await api.request({ url: `/sign-in?next=${encodeURIComponent(`/join/${token}`)}` });

      const log = lines.join('');
      expect(log).toContain(`/api/invites/[redacted]/accept`);
      expect(log).toContain(`/join/[redacted]`);
      expect(log).toContain(`/api/notebooks/${notebookId}/invites`);
      expect(log).not.toContain(token);
    });
  });
}
