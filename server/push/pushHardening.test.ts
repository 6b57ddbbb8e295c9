// Two rules of push delivery a teammate or a stranger could otherwise get round: a poke queued
// before someone left a notebook is not sent to them, and a subscription registered by one
// account cannot be removed or taken over by another that only knows its endpoint URL.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestUser } from '../test/apiHarness.js';
import { TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { openPushTestbed, type PushTestbed } from './testing/pushTestbed.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`push hardening on ${kind}`, () => {
    let bed: PushTestbed;
    let ana: TestUser;
    let ben: TestUser;
    let notebookId: string;
    beforeEach(async () => {
      bed = await openPushTestbed(kind);
      ana = await bed.api.signUp(undefined, 'Ana');
      ben = await bed.api.signUp(undefined, 'Ben');
      notebookId = await bed.sharedNotebook(ana, [ben]);
    });
    afterEach(async () => bed.close());

    const subscriptions = () =>
      bed.api.database.db
        .selectFrom('push_subscriptions')
        .select(['user_id', 'endpoint', 'p256dh', 'auth'])
        .orderBy('endpoint')
        .execute();

    it('does not send a poke queued before its device’s user left the notebook', async () => {
      const benPhone = await bed.subscribe(ben, { label: 'ben phone' });
      await bed.change(new TestSyncClient(bed.api, ana), notebookId, 'Secret plans');
      expect(await bed.jobs()).toHaveLength(1);

      const removed = await bed.api.request({
        method: 'DELETE',
        url: `/api/notebooks/${notebookId}/members/${ben.user.id}`,
        headers: ana.headers,
      });
      expect(removed.statusCode).toBe(204);
      bed.clock.advance(1_000);
      expect(await bed.drain()).toEqual({ sent: 0, retrying: 0, pruned: 0, dead: 0 });
      expect(bed.service.messages({ subscription: benPhone.id })).toEqual([]);
      expect(await bed.jobs()).toEqual([]);
    });

    it('refuses another account’s save of a registered endpoint and keeps the owner’s', async () => {
      const benPhone = await bed.subscribe(ben, { label: 'ben phone' });
      const before = await subscriptions();
      const eve = await bed.api.signUp(undefined, 'Eve');
      const forged = bed.service.createSubscription({ applicationServerKey: bed.publicKey });
      const taken = await bed.api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: eve.headers,
        payload: {
          subscription: { ...forged.subscription, endpoint: benPhone.subscription.endpoint },
        },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ error: { code: 'subscription-taken' } });
      const replacing = await bed.api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: eve.headers,
        payload: {
          subscription: forged.subscription,
          replacesEndpoint: benPhone.subscription.endpoint,
        },
      });
      expect(replacing.statusCode).toBe(204);
      const deleted = await bed.api.request({
        method: 'DELETE',
        url: '/api/push/subscription',
        headers: eve.headers,
        payload: { endpoint: benPhone.subscription.endpoint },
      });
      expect(deleted.statusCode).toBe(204);
      expect(await subscriptions()).toEqual(
        expect.arrayContaining(before.map((row) => expect.objectContaining(row))),
      );

      await bed.change(new TestSyncClient(bed.api, ana), notebookId, 'Still for Ben');
      bed.clock.advance(1_000);
      await bed.drain();
      expect(bed.service.messages({ subscription: benPhone.id })).toHaveLength(1);
    });

    it('lets the same browser, signed in as another account, take its subscription over', async () => {
      const shared = await bed.subscribe(ben, { label: 'shared laptop' });
      const eve = await bed.api.signUp(undefined, 'Eve');
      const saved = await bed.api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: eve.headers,
        payload: { subscription: shared.subscription },
      });
      expect(saved.statusCode).toBe(204);
      expect((await subscriptions()).map((row) => row.user_id)).toEqual([eve.user.id]);
    });
  });
}
