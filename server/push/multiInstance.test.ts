// Two server instances on one PostgreSQL schema share the push queue: each claims its jobs
// FOR UPDATE SKIP LOCKED, so between them every job is sent exactly once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPushService } from '../../e2e/support/localPushService.js';
import { buildApp } from '../app.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase } from '../db/openDatabase.js';
import { APP_ORIGIN } from '../test/apiHarness.js';
import { entryPut, notebookCreate } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import { TEST_DATABASE_URL, testDatabaseLocation } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const DEVICES = 300;

describe.runIf(TEST_DATABASE_URL !== undefined)('push dispatchers on two instances', () => {
  it('never send the same job twice', async () => {
    const location = testDatabaseLocation('postgres');
    const service = await LocalPushService.start();
    const databases: DatabaseHandle[] = [];
    const apps: FastifyInstance[] = [];
    try {
      const config = testConfig({
        ...location.config,
        push: { ...testConfig().push, allowLoopback: true, concurrency: 8 },
      });
      for (let i = 0; i < 2; i++) {
        const database = await openDatabase(location.config, location.options);
        databases.push(database);
        if (i === 0) await migrateToLatest(database);
        // Small batches, so the two instances' claims interleave many times.
        const app = buildApp({
          config,
          database,
          logger: false,
          push: { ca: service.certificatePem, coalesceMs: 0, batchSize: 10 },
        });
        await app.ready();
        apps.push(app);
      }
      const [one, two] = apps as [FastifyInstance, FastifyInstance];
      const db = databases[0]!.db;
      service.expectedPublicKey = await one.push.publicKey();
      expect(await two.push.publicKey()).toBe(service.expectedPublicKey);

      const signUp = await one.inject({
        method: 'POST',
        url: '/api/auth/sign-up',
        headers: { origin: APP_ORIGIN },
        payload: {
          email: `writer-${randomUUID()}@example.org`,
          password: 'correct horse battery',
          name: 'Ana',
        },
      });
      const cookie = String(signUp.headers['set-cookie']).split(';')[0] as string;
      const headers = { cookie, origin: APP_ORIGIN };
      const clientId = randomUUID();
      const notebookId = randomUUID();
      let mutationId = 0;
      const push = async (mutation: { name: string; args: unknown }) => {
        const response = await one.inject({
          method: 'POST',
          url: '/api/sync/push',
          headers,
          payload: { clientId, mutations: [{ id: ++mutationId, ...mutation }] },
        });
        expect(response.json()).toMatchObject({ applied: 1 });
      };
      await push(notebookCreate(notebookId));

      // A teammate with DEVICES signed-in devices, each subscribed.
      const now = Date.now();
      const memberId = randomUUID();
      await db
        .insertInto('users')
        .values({
          id: memberId,
          email: `${memberId}@example.org`,
          name: 'Ben',
          password_hash: 'x',
          created_at: now,
        })
        .execute();
      await db
        .insertInto('memberships')
        .values({ notebook_id: notebookId, user_id: memberId, role: 'editor', joined_at: now })
        .execute();
      const subscriptions = Array.from({ length: DEVICES }, () =>
        service.createSubscription({ applicationServerKey: service.expectedPublicKey }),
      );
      for (const { subscription } of subscriptions) {
        const sessionId = randomUUID();
        await db
          .insertInto('sessions')
          .values({
            token_hash: hashToken(newToken()),
            id: sessionId,
            user_id: memberId,
            kind: 'cookie',
            device_name: 'phone',
            created_at: now,
            last_seen_at: now,
            expires_at: now + 86_400_000,
          })
          .execute();
        await db
          .insertInto('push_subscriptions')
          .values({
            id: randomUUID(),
            session_id: sessionId,
            user_id: memberId,
            endpoint: subscription.endpoint,
            p256dh: subscription.keys.p256dh,
            auth: subscription.keys.auth,
            expiration_time: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }

      const sentBy: [number, number] = [0, 0];
      for (let round = 1; round <= 3; round++) {
        await push(entryPut(notebookId, { title: `round ${round}` }));
        const [a, b] = await Promise.all([one.push.drainOnce(), two.push.drainOnce()]);
        sentBy[0] += a.sent;
        sentBy[1] += b.sent;
        expect(a.sent + b.sent).toBe(DEVICES);
        expect(a.dead + b.dead + a.retrying + b.retrying).toBe(0);
        for (const { id } of subscriptions) {
          expect(service.messages({ subscription: id })).toHaveLength(round);
        }
      }
      expect(service.requests()).toHaveLength(3 * DEVICES);
      // Both instances took part.
      expect(sentBy[0]).toBeGreaterThan(0);
      expect(sentBy[1]).toBeGreaterThan(0);
      expect(await db.selectFrom('push_jobs').selectAll().execute()).toEqual([]);
    } finally {
      for (const app of apps) await app.close();
      for (const database of databases) await database.close();
      await location.cleanup();
      await service.close();
    }
  }, 120_000);
});
