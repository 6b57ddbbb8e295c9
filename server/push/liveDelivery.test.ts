// A real server (startServer, listening) with its dispatcher running: a teammate's change
// reaches the other member's device through the local push service without anyone draining the
// queue by hand, a burst of changes arrives as fewer pokes than changes, and closing the server
// stops the dispatcher.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPushService } from '../../e2e/support/localPushService.js';
import { pushPokeSchema } from '../../src/protocol/push.js';
import type { CreateInviteResponse } from '../../src/protocol/notebooks.js';
import { startServer } from '../startServer.js';
import { postAs, signUpLive, type LiveUser } from '../test/liveUsers.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import { testDatabaseLocation, testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const BURST = 50;

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`push delivery from a running server on ${kind}`, () => {
    it('pokes the teammate’s device on its own, coalescing a burst', async () => {
      const location = testDatabaseLocation(kind);
      const service = await LocalPushService.start({ scheme: 'http' });
      const server = await startServer(
        testConfig({ ...location.config, push: { ...testConfig().push, allowLoopback: true } }),
        { ...location.options, logger: false },
      );
      try {
        const url = server.url;
        const ana: LiveUser = await signUpLive(url, 'Ana');
        const ben: LiveUser = await signUpLive(url, 'Ben');
        const keyResponse = await fetch(`${url}/api/push/key`, { headers: { cookie: ben.cookie } });
        const { publicKey } = (await keyResponse.json()) as { publicKey: string };
        service.expectedPublicKey = publicKey;

        const notebookId = randomUUID();
        const anaClient = randomUUID();
        let mutationId = 0;
        const change = (clientId: string, name: string, args: unknown, id = ++mutationId) =>
          postAs(url, ana, '/api/sync/push', { clientId, mutations: [{ id, name, args }] });
        await change(anaClient, 'notebook.create', { id: notebookId, name: 'Tide pools' });
        const invite = await postAs(url, ana, `/api/notebooks/${notebookId}/invites`, {
          role: 'editor',
        });
        const { token } = invite.body as CreateInviteResponse;
        expect((await postAs(url, ben, `/api/invites/${token}/accept`, {})).status).toBe(200);

        const device = service.createSubscription({ applicationServerKey: publicKey });
        const saved = await fetch(`${url}/api/push/subscription`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', origin: url, cookie: ben.cookie },
          body: JSON.stringify({ subscription: device.subscription }),
        });
        expect(saved.status).toBe(204);

        await change(anaClient, 'entry.put', {
          id: randomUUID(),
          notebookId,
          baseVersion: 0,
          fields: { title: 'Anemone count' },
        });
        const first = await service.waitForMessage((m) => m.subscriptionId === device.id);
        expect(pushPokeSchema.parse(JSON.parse(first.plaintext!))).toMatchObject({
          notebookId,
          by: 'Ana',
          notebookName: 'Tide pools',
        });

        // A burst from many of Ana's clients at once.
        const results = await Promise.all(
          Array.from({ length: BURST }, (_, i) =>
            change(
              randomUUID(),
              'entry.put',
              { id: randomUUID(), notebookId, baseVersion: 0, fields: { title: `crab ${i}` } },
              1,
            ),
          ),
        );
        expect(results.every((result) => result.status === 200)).toBe(true);
        const { version } = await server.database.db
          .selectFrom('notebooks')
          .select('version')
          .where('id', '=', notebookId)
          .executeTakeFirstOrThrow();
        await service.waitForMessage(
          (m) => JSON.parse(m.plaintext ?? '{}').version === Number(version),
          15_000,
        );
        const burstPokes = service.messages({ subscription: device.id }).length - 1;
        expect(burstPokes).toBeGreaterThanOrEqual(1);
        expect(burstPokes).toBeLessThan(BURST);
        const total = service
          .messages({ subscription: device.id })
          .slice(1)
          .map((m) => pushPokeSchema.parse(JSON.parse(m.plaintext!)).changes ?? 0)
          .reduce((a, b) => a + b, 0);
        expect(total).toBe(BURST);
      } finally {
        await server.close();
        await location.cleanup();
        await service.close();
      }
    }, 60_000);
  });
}
