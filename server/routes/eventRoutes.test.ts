import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/protocol/errorBody.js';
import { MembershipChange, type PokeEvent } from '../../src/protocol/events.js';
import { buildApp } from '../app.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase } from '../db/openDatabase.js';
import { InProcessEventBus } from '../events/InProcessEventBus.js';
import { PgEventBus } from '../events/PgEventBus.js';
import { startServer, type RunningServer } from '../startServer.js';
import { eventRoutes } from './eventRoutes.js';
import { signUpLive, type LiveUser } from '../test/liveUsers.js';
import { SseClient } from '../test/sseClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import {
  testDatabaseLocation,
  testDatabaseTargets,
  type TestDatabaseLocation,
} from '../test/testDatabases.js';

afterAll(removeTempDirs);

/** Adds a live notebook at `version` with `ownerId` as its owner; returns its id. */
async function addNotebook(
  database: DatabaseHandle,
  ownerId: string,
  version: number,
  deletedAt: number | null = null,
): Promise<string> {
  const id = randomUUID();
  await database.db
    .insertInto('notebooks')
    .values({
      id,
      name: 'Field notes',
      owner_id: ownerId,
      version,
      created_at: Date.now(),
      deleted_at: deletedAt,
    })
    .execute();
  await addMember(database, id, ownerId, 'owner');
  return id;
}

async function addMember(
  database: DatabaseHandle,
  notebookId: string,
  userId: string,
  role: 'owner' | 'editor' = 'editor',
): Promise<void> {
  await database.db
    .insertInto('memberships')
    .values({ notebook_id: notebookId, user_id: userId, role, joined_at: Date.now() })
    .execute();
}

function listenerCount(server: RunningServer): number {
  const bus = server.events;
  if (bus instanceof InProcessEventBus || bus instanceof PgEventBus) return bus.listenerCount;
  throw new Error('unknown event bus');
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const isPoke =
  (notebookId: string, version?: number) =>
  (data: PokeEvent): boolean =>
    data.notebookId === notebookId && (version === undefined || data.version === version);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`GET /api/events on ${kind}`, () => {
    let location: TestDatabaseLocation;
    let server: RunningServer;
    let ana: LiveUser;
    const streams: SseClient[] = [];

    async function connect(user: LiveUser, headers: Record<string, string> = {}) {
      const client = await SseClient.connect(`${server.url}/api/events`, {
        headers: { cookie: user.cookie, ...headers },
      });
      streams.push(client);
      return client;
    }

    // One database per suite (each test gets its own server and users on it): every schema
    // dropped is churn that other PostgreSQL suites' start-up introspection has to survive.
    beforeAll(() => {
      location = testDatabaseLocation(kind);
    });
    afterAll(async () => location.cleanup());

    beforeEach(async () => {
      server = await startServer(testConfig(location.config), {
        ...location.options,
        logger: false,
      });
      ana = await signUpLive(server.url, 'Ana');
    });

    afterEach(async () => {
      await Promise.all(streams.splice(0).map((stream) => stream.close()));
      await server.close();
    });

    it('answers a signed-out request with 401 and the JSON error body', async () => {
      const response = await fetch(`${server.url}/api/events`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(errorBodySchema.parse(await response.json()).error.code).toBe('unauthenticated');
    });

    it('opens with retry and a poke at the current version of each of the user’s notebooks', async () => {
      const first = await addNotebook(server.database, ana.user.id, 3);
      const second = await addNotebook(server.database, ana.user.id, 7);
      const bo = await signUpLive(server.url, 'Bo');
      await addNotebook(server.database, bo.user.id, 5); // not Ana's
      await addNotebook(server.database, ana.user.id, 9, Date.now()); // deleted

      const stream = await connect(ana);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
      expect(stream.response.headers.get('cache-control')).toBe('no-store');
      expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.response.headers.get('x-content-type-options')).toBe('nosniff');

      expect((await stream.next()).retry).toBe(3000);
      // A later poke marks the end of the opening replay: nothing else came before it.
      await server.events.publish({ type: 'poke', notebookId: first, version: 4 });
      await stream.nextEvent('poke', isPoke(first, 4));
      const events = stream.events();
      expect(events.map((event) => event.id)).toEqual(['1', '2', '3']);
      expect(events.slice(0, 2).map((event) => event.data)).toEqual(
        expect.arrayContaining([
          { notebookId: first, version: 3 },
          { notebookId: second, version: 7 },
        ]),
      );
      expect(events[2]).toEqual({
        id: '3',
        event: 'poke',
        data: { notebookId: first, version: 4 },
      });
    });

    it('continues event ids after Last-Event-ID', async () => {
      const notebook = await addNotebook(server.database, ana.user.id, 2);
      const stream = await connect(ana, { 'last-event-id': '41' });
      const poke = await stream.nextEvent('poke', isPoke(notebook, 2));
      expect(poke.id).toBe('42');
    });

    it('accepts a bearer token', async () => {
      const response = await fetch(`${server.url}/api/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ana.user.email, password: 'correct horse battery' }),
      });
      const { token } = (await response.json()) as { token: string };
      const notebook = await addNotebook(server.database, ana.user.id, 1);
      const stream = await SseClient.connect(`${server.url}/api/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      streams.push(stream);
      expect(stream.response.status).toBe(200);
      await stream.nextEvent('poke', isPoke(notebook, 1));
    });

    it('passes on pokes for the user’s notebooks only, and only when they move forward', async () => {
      const mine = await addNotebook(server.database, ana.user.id, 1);
      const bo = await signUpLive(server.url, 'Bo');
      const theirs = await addNotebook(server.database, bo.user.id, 1);
      const stream = await connect(ana);
      await stream.nextEvent('poke', isPoke(mine, 1));

      await server.events.publish({ type: 'poke', notebookId: theirs, version: 2 });
      await server.events.publish({ type: 'poke', notebookId: mine, version: 1 }); // already told
      await server.events.publish({ type: 'poke', notebookId: mine, version: 2 });
      await stream.nextEvent('poke', isPoke(mine, 2));
      expect(stream.events('poke').map((event) => event.data)).toEqual([
        { notebookId: mine, version: 1 },
        { notebookId: mine, version: 2 },
      ]);
    });

    it('sends the user’s membership changes and follows them with the notebook set', async () => {
      const bo = await signUpLive(server.url, 'Bo');
      const shared = await addNotebook(server.database, bo.user.id, 4);
      const home = await addNotebook(server.database, ana.user.id, 1);
      const stream = await connect(ana);
      // Its poke says the opening read is done, so the changes below come after it.
      await stream.nextEvent('poke', isPoke(home, 1));

      // Bo's own membership change is not Ana's business.
      await server.events.publish({
        type: 'membership',
        notebookId: shared,
        userId: bo.user.id,
        change: MembershipChange.RoleChanged,
      });
      await server.events.publish({ type: 'poke', notebookId: shared, version: 4 });

      await addMember(server.database, shared, ana.user.id);
      await server.events.publish({
        type: 'membership',
        notebookId: shared,
        userId: ana.user.id,
        change: MembershipChange.Added,
      });
      await stream.nextEvent('membership');
      await stream.nextEvent('poke', isPoke(shared, 4));
      await server.events.publish({ type: 'poke', notebookId: shared, version: 5 });
      await stream.nextEvent('poke', isPoke(shared, 5));

      await server.database.db
        .deleteFrom('memberships')
        .where('notebook_id', '=', shared)
        .where('user_id', '=', ana.user.id)
        .execute();
      await server.events.publish({
        type: 'membership',
        notebookId: shared,
        userId: ana.user.id,
        change: MembershipChange.Removed,
      });
      await server.events.publish({ type: 'poke', notebookId: shared, version: 6 });
      // Once "removed" is out, that refresh has read the database; the next change comes after.
      await stream.nextEvent('membership', (data: { change: string }) => data.change === 'removed');
      const mine = await addNotebook(server.database, ana.user.id, 1);
      await server.events.publish({
        type: 'membership',
        notebookId: mine,
        userId: ana.user.id,
        change: MembershipChange.Added,
      });
      await stream.nextEvent('poke', isPoke(mine, 1));

      expect(stream.events()).toEqual([
        { id: '1', event: 'poke', data: { notebookId: home, version: 1 } },
        { id: '2', event: 'membership', data: { notebookId: shared, change: 'added' } },
        { id: '3', event: 'poke', data: { notebookId: shared, version: 4 } },
        { id: '4', event: 'poke', data: { notebookId: shared, version: 5 } },
        { id: '5', event: 'membership', data: { notebookId: shared, change: 'removed' } },
        { id: '6', event: 'membership', data: { notebookId: mine, change: 'added' } },
        { id: '7', event: 'poke', data: { notebookId: mine, version: 1 } },
      ]);
    });

    it('lets go of the bus when the client disconnects', async () => {
      const before = listenerCount(server);
      const stream = await connect(ana);
      await stream.next((frame) => frame.retry !== undefined);
      expect(listenerCount(server)).toBeGreaterThan(before);
      await stream.close();
      await eventually(() => listenerCount(server) === before);
      // After an abort, fetch (undici) opens a spare connection that sends nothing; Node's
      // server.close() waits for such a socket until the client drops it 4 s later. Not ours.
      server.app.server.closeAllConnections();
    });

    it('ends open streams when the server closes, without waiting for them', async () => {
      const streamsOpen = [await connect(ana), await connect(ana)];
      await Promise.all(
        streamsOpen.map((stream) => stream.next((frame) => frame.retry !== undefined)),
      );
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(2_000);
      await Promise.all(streamsOpen.map((stream) => stream.ended));
      expect(streamsOpen.map((stream) => stream.error)).toEqual([undefined, undefined]);
    });
  });
}

describe('GET /api/events heartbeat', () => {
  it('sends a heartbeat comment at the configured interval', async () => {
    // startServer has no knob for the interval, so mount the same plugin on a test path.
    const location = testDatabaseLocation('sqlite');
    const database = await openDatabase(location.config);
    await migrateToLatest(database);
    const events = new InProcessEventBus();
    const config = testConfig(location.config);
    const app = buildApp({ config, database, events, logger: false });
    void app.register(eventRoutes, {
      prefix: '/fast',
      config,
      database,
      events,
      push: app.push,
      version: 'test',
      heartbeatMs: 30,
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const ana = await signUpLive(url, 'Ana');
      const stream = await SseClient.connect(`${url}/fast/events`, {
        headers: { cookie: ana.cookie },
      });
      await stream.next((frame) => frame.comments.includes('heartbeat'));
      await stream.next((frame) => frame.comments.includes('heartbeat'));
      await app.close();
      await stream.ended;
    } finally {
      await app.close();
      await events.close();
      await database.close();
    }
  });
});
