// Push delivery end to end against the local push service (e2e/support), on SQLite and
// PostgreSQL: what a change enqueues and for whom, coalescing, what reaches the push service
// (decrypted with http_ece by the service, JWT checked), and what 410, 429 and 500 answers do.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pushPokeSchema, pushTopic, PUSH_TTL_SECONDS } from '../../src/protocol/push.js';
import { buildApp } from '../app.js';
import type { TestUser } from '../test/apiHarness.js';
import { testConfig } from '../test/testConfig.js';
import { entryPut, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { DEAD_JOB_RETENTION_MS } from './pushJobQueue.js';
import { PushDelivery } from './PushDelivery.js';
import { PushSender } from './PushSender.js';
import { MAX_ATTEMPTS } from './retryPolicy.js';
import { ADMIN_TOKEN, openPushTestbed, type PushTestbed } from './testing/pushTestbed.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`push delivery on ${kind}`, () => {
    let bed: PushTestbed;
    let ana: TestUser;
    let ben: TestUser;
    let notebookId: string;
    let anaClient: TestSyncClient;

    beforeEach(async () => {
      bed = await openPushTestbed(kind);
      ana = await bed.api.signUp(undefined, 'Ana');
      ben = await bed.api.signUp(undefined, 'Ben');
      notebookId = await bed.sharedNotebook(ana, [ben]);
      anaClient = new TestSyncClient(bed.api, ana);
      // Joining and creating queue nothing: no device had subscribed yet.
      expect(await bed.jobs()).toEqual([]);
    });
    afterEach(async () => bed.close());

    it('GET /api/push/key gives the VAPID public key, the same after a restart on the same database', async () => {
      const response = await bed.api.request({
        method: 'GET',
        url: '/api/push/key',
        headers: { cookie: ben.cookie },
      });
      expect(response.statusCode).toBe(200);
      const { publicKey } = response.json() as { publicKey: string };
      expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
      const row = await bed.api.database.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'vapid_keys')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.value)).toMatchObject({ publicKey });
      // Another app on the same database (a restart, or a second instance) signs with the same key.
      const again = buildApp({ config: testConfig(), database: bed.api.database, logger: false });
      try {
        expect(await again.push.publicKey()).toBe(publicKey);
      } finally {
        await again.close();
      }
      expect((await bed.api.request({ method: 'GET', url: '/api/push/key' })).statusCode).toBe(401);
    });

    it("pokes every member's devices except the session that made the change, with a payload that decrypts and a JWT that verifies", async () => {
      const benPhone = await bed.subscribe(ben, { label: 'ben phone' });
      const anaLaptop = await bed.subscribe(ana, { label: 'ana laptop (writing)' });
      const anaPhoneSession = await bed.signIn(ana);
      const anaPhone = await bed.subscribe(anaPhoneSession, { label: 'ana phone' });

      await bed.change(anaClient, notebookId, 'Water sample 3');
      expect(await bed.drain()).toEqual({ sent: 2, retrying: 0, pruned: 0, dead: 0 });

      expect(bed.service.messages({ subscription: anaLaptop.id })).toEqual([]);
      for (const device of [benPhone, anaPhone]) {
        const [message] = bed.service.messages({ subscription: device.id });
        expect(message, device.label).toBeDefined();
        const poke = pushPokeSchema.parse(JSON.parse(message!.plaintext!));
        expect(poke).toMatchObject({
          type: 'poke',
          notebookId,
          notebookName: 'Field notes',
          by: 'Ana',
          changes: 1,
        });
        expect(message!.bodyBytes).toBeLessThan(1024);
        expect(message!.ttl).toBe(PUSH_TTL_SECONDS);
        expect(message!.urgency).toBe('normal');
        expect(message!.topic).toBe(pushTopic(notebookId));
        expect(message!.vapidKey).toBe(bed.publicKey);
        expect(message!.claims?.aud).toBe(bed.service.httpsOrigin);
        const expiresIn = message!.claims!.exp - Math.floor(Date.now() / 1000);
        expect(expiresIn).toBeGreaterThan(0);
        expect(expiresIn).toBeLessThanOrEqual(24 * 60 * 60);
      }
      // One VAPID header per push-service origin, reused: both messages carry the same one.
      const [first, second] = bed.service.messages();
      expect(first!.headers.authorization).toBe(second!.headers.authorization);
      expect(await bed.jobs()).toEqual([]);
    });

    it('queues the pokes in the change’s own transaction: when queueing fails, the change is not applied either', async () => {
      const benPhone = await bed.subscribe(ben);
      const [mutation] = anaClient.number([entryPut(notebookId, { title: 'Buoy 7 moved' })]);
      const spy = vi
        .spyOn(PushDelivery.prototype, 'enqueueIn')
        .mockRejectedValueOnce(new Error('push_jobs is unavailable'));
      try {
        await expect(anaClient.send([mutation!])).rejects.toThrow(/push 500/);
      } finally {
        spy.mockRestore();
      }
      expect(await bed.jobs()).toEqual([]);
      const { changes } = await new TestSyncClient(bed.api, ben).pullOnce();
      expect(changes.flatMap((change) => change.entries)).toEqual([]);

      // The client resends, as it does after any failed push: applied once, poked once.
      expect(await anaClient.send([mutation!])).toMatchObject({ applied: 1, lastMutationId: 1 });
      expect(await bed.jobs()).toMatchObject([{ state: 'pending', changes: 1 }]);
      expect((await bed.drain()).sent).toBe(1);
      expect(bed.service.messages({ subscription: benPhone.id })).toHaveLength(1);
    });

    it('coalesces a burst of 50 changes into one poke per device', async () => {
      const benPhone = await bed.subscribe(ben);
      for (let i = 1; i <= 50; i++) await bed.change(anaClient, notebookId, `entry ${i}`);
      const [job] = await bed.jobs();
      expect(await bed.jobs()).toHaveLength(1);
      expect(job).toMatchObject({ state: 'pending', changes: 50 });

      expect((await bed.drain()).sent).toBe(1);
      const messages = bed.service.messages({ subscription: benPhone.id });
      expect(messages).toHaveLength(1);
      const poke = pushPokeSchema.parse(JSON.parse(messages[0]!.plaintext!));
      expect(poke.changes).toBe(50);
      expect(poke.version).toBe(job!.version);
      const { version } = await bed.api.database.db
        .selectFrom('notebooks')
        .select('version')
        .where('id', '=', notebookId)
        .executeTakeFirstOrThrow();
      expect(poke.version).toBe(Number(version));
    });

    it('deletes the subscription when the push service answers 410, and the job with it', async () => {
      const benPhone = await bed.subscribe(ben);
      bed.service.removeSubscription(benPhone.id);
      await bed.change(anaClient, notebookId);
      expect(await bed.drain()).toEqual({ sent: 0, retrying: 0, pruned: 1, dead: 0 });
      expect(
        await bed.api.database.db.selectFrom('push_subscriptions').selectAll().execute(),
      ).toEqual([]);
      expect(await bed.jobs()).toEqual([]);
      await bed.change(anaClient, notebookId);
      expect(await bed.jobs()).toEqual([]);
    });

    it('prunes on 404 too, and gives up at once on a redirect (never followed)', async () => {
      const unknown = await bed.subscribe(ben);
      const moved = await bed.subscribe(await bed.signIn(ben));
      bed.service.failNext(unknown.id, 404);
      bed.service.failNext(moved.id, 301);
      await bed.change(anaClient, notebookId);
      expect(await bed.drain()).toEqual({ sent: 0, retrying: 0, pruned: 1, dead: 1 });
      const left = await bed.api.database.db
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .execute();
      expect(left).toEqual([{ endpoint: moved.subscription.endpoint }]);
      expect(await bed.jobs()).toMatchObject([
        { state: 'dead', attempts: 1, last_error: 'redirect-refused (http-301)' },
      ]);
      expect(bed.service.requests()).toHaveLength(2);
    });

    it('retries a 429 no sooner than its Retry-After: 2', async () => {
      const benPhone = await bed.subscribe(ben);
      bed.service.failNext(benPhone.id, 429, { retryAfter: 2 });
      await bed.change(anaClient, notebookId);
      const failedAt = bed.clock.now;
      expect(await bed.drain()).toMatchObject({ sent: 0, retrying: 1 });
      const [job] = await bed.jobs();
      expect(job).toMatchObject({ state: 'pending', attempts: 1, last_error: 'http-429' });
      expect(job!.next_attempt_at).toBeGreaterThanOrEqual(failedAt + 2_000);

      bed.clock.advance(1_999);
      expect((await bed.drain()).sent).toBe(0);
      expect(bed.service.requests()).toHaveLength(1);
      bed.clock.advance(1);
      expect((await bed.drain()).sent).toBe(1);
      expect(bed.service.messages({ subscription: benPhone.id })).toHaveLength(1);
    });

    it('retries a 500 with exponential backoff, then gives the job up as dead with its reason', async () => {
      const benPhone = await bed.subscribe(ben);
      bed.service.failNext(benPhone.id, 500, { count: 100 });
      await bed.change(anaClient, notebookId);
      const delays: number[] = [];
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        expect(await bed.drain()).toMatchObject({ retrying: 1, dead: 0 });
        const [job] = await bed.jobs();
        expect(job).toMatchObject({ state: 'pending', attempts: attempt });
        delays.push(job!.next_attempt_at - bed.clock.now);
        bed.clock.advance(job!.next_attempt_at - bed.clock.now);
      }
      expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
      expect(await bed.drain()).toMatchObject({ retrying: 0, dead: 1 });
      expect(await bed.jobs()).toMatchObject([
        {
          state: 'dead',
          attempts: MAX_ATTEMPTS,
          last_error: `http-500 after ${MAX_ATTEMPTS} attempts`,
        },
      ]);
      expect(bed.service.requests()).toHaveLength(MAX_ATTEMPTS);
      bed.clock.advance(60 * 60 * 1000);
      expect(await bed.drain()).toEqual({ sent: 0, retrying: 0, pruned: 0, dead: 0 });
      expect(await bed.jobs()).toHaveLength(1);

      const stats = await bed.api.request({
        method: 'GET',
        url: '/api/admin/push-stats',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(stats.statusCode).toBe(200);
      expect(stats.json()).toMatchObject({
        instance: { queued: 1, sent: 0, failed: MAX_ATTEMPTS, retrying: MAX_ATTEMPTS - 1, dead: 1 },
        queue: { pending: 0, dead: 1, subscriptions: 1 },
      });
      // Dead jobs are kept a week for inspection, then deleted.
      bed.clock.advance(DEAD_JOB_RETENTION_MS);
      await bed.drain();
      expect(await bed.jobs()).toEqual([]);
    });

    it('a change made while a retry waits joins the waiting job', async () => {
      const benPhone = await bed.subscribe(ben);
      bed.service.failNext(benPhone.id, 503, { retryAfter: 5 });
      await bed.change(anaClient, notebookId, 'one');
      await bed.drain();
      await bed.change(anaClient, notebookId, 'two');
      expect(await bed.jobs()).toMatchObject([{ state: 'pending', changes: 2, attempts: 1 }]);
      bed.clock.advance(5_000);
      expect((await bed.drain()).sent).toBe(1);
      const poke = pushPokeSchema.parse(
        JSON.parse(bed.service.messages({ subscription: benPhone.id })[0]!.plaintext!),
      );
      expect(poke.changes).toBe(2);
    });

    it('signing out removes the session’s subscription and its queued pokes', async () => {
      await bed.subscribe(ben);
      await bed.change(anaClient, notebookId);
      expect(await bed.jobs()).toHaveLength(1);
      const out = await bed.api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: ben.headers,
      });
      expect(out.statusCode).toBe(204);
      expect(
        await bed.api.database.db.selectFrom('push_subscriptions').selectAll().execute(),
      ).toEqual([]);
      expect(await bed.jobs()).toEqual([]);
    });

    it('replacing a subscription keeps its queued pokes for the new endpoint; deleting removes it', async () => {
      const old = await bed.subscribe(ben);
      await bed.change(anaClient, notebookId);
      const fresh = bed.service.createSubscription({ applicationServerKey: bed.publicKey });
      const replaced = await bed.api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: ben.headers,
        payload: { subscription: fresh.subscription, replacesEndpoint: old.subscription.endpoint },
      });
      expect(replaced.statusCode).toBe(204);
      const rows = await bed.api.database.db
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .execute();
      expect(rows).toEqual([{ endpoint: fresh.subscription.endpoint }]);
      expect((await bed.drain()).sent).toBe(1);
      expect(bed.service.messages({ subscription: fresh.id })).toHaveLength(1);
      expect(bed.service.messages({ subscription: old.id })).toHaveLength(0);

      const deleted = await bed.api.request({
        method: 'DELETE',
        url: '/api/push/subscription',
        headers: ben.headers,
        payload: { endpoint: fresh.subscription.endpoint },
      });
      expect(deleted.statusCode).toBe(204);
      expect(
        await bed.api.database.db.selectFrom('push_subscriptions').selectAll().execute(),
      ).toEqual([]);
    });

    it('sends the poke again to the new endpoint when the device renews its subscription while the old one answers 410', async () => {
      const old = await bed.subscribe(ben);
      await bed.change(anaClient, notebookId, 'Tide table');
      const fresh = bed.service.createSubscription({ applicationServerKey: bed.publicKey });
      // The browser renews (pushsubscriptionchange) after the dispatcher read the old endpoint
      // and before the old one's 410 comes back.
      bed.service.removeSubscription(old.id);
      const send = PushSender.prototype.send;
      const spy = vi.spyOn(PushSender.prototype, 'send').mockImplementationOnce(async function (
        this: PushSender,
        message,
        authorization,
      ) {
        const renewed = await bed.api.request({
          method: 'PUT',
          url: '/api/push/subscription',
          headers: ben.headers,
          payload: {
            subscription: fresh.subscription,
            replacesEndpoint: old.subscription.endpoint,
          },
        });
        expect(renewed.statusCode).toBe(204);
        return send.call(this, message, authorization);
      });
      try {
        expect(await bed.drain()).toEqual({ sent: 1, retrying: 1, pruned: 0, dead: 0 });
      } finally {
        spy.mockRestore();
      }
      expect(bed.service.requests().map((r) => [r.subscriptionId, r.status])).toEqual([
        [old.id, 410],
        [fresh.id, 201],
      ]);
      const [message] = bed.service.messages({ subscription: fresh.id });
      expect(JSON.parse(message!.plaintext!)).toMatchObject({ notebookId, by: 'Ana', changes: 1 });
      const rows = await bed.api.database.db
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .execute();
      expect(rows).toEqual([{ endpoint: fresh.subscription.endpoint }]);
      expect(await bed.jobs()).toEqual([]);
    });

    it('guards /api/admin/push-stats with the operator token', async () => {
      const call = (authorization?: string) =>
        bed.api.request({
          method: 'GET',
          url: '/api/admin/push-stats',
          headers: { cookie: ana.cookie, ...(authorization ? { authorization } : {}) },
        });
      expect((await call()).statusCode).toBe(401);
      expect((await call('Bearer wrong-token-wrong-token')).statusCode).toBe(401);
      const ok = await call(`Bearer ${ADMIN_TOKEN}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ instance: { sent: 0 }, queue: { pending: 0 } });
    });
  });
}
