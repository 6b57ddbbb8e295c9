// Two server instances on one PostgreSQL schema, as behind a load balancer: a change pushed to A
// reaches a client streaming events from B, which then pulls the change from B.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PokeEvent } from '../../src/protocol/events.js';
import { startServer, type RunningServer } from '../startServer.js';
import { postAs, signUpLive } from '../test/liveUsers.js';
import { SseClient } from '../test/sseClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import {
  TEST_DATABASE_URL,
  testDatabaseLocation,
  type TestDatabaseLocation,
} from '../test/testDatabases.js';
import { PgEventBus } from './PgEventBus.js';

afterAll(removeTempDirs);

describe.runIf(TEST_DATABASE_URL !== undefined)('events across two server instances', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  // One schema for the suite; each test starts its own two instances on it.
  let location: TestDatabaseLocation;
  beforeAll(() => {
    location = testDatabaseLocation('postgres');
  });
  afterAll(async () => location.cleanup());

  async function twoInstances(): Promise<[RunningServer, RunningServer]> {
    const start = async () => {
      const server = await startServer(testConfig(location.config), {
        ...location.options,
        logger: false,
      });
      cleanups.push(server.close);
      return server;
    };
    const a = await start();
    const b = await start();
    return [a, b];
  }

  it('pokes a client on B about a push to A, and B serves the change', async () => {
    const [a, b] = await twoInstances();
    expect(a.events).toBeInstanceOf(PgEventBus);
    const ana = await signUpLive(a.url, 'Ana');
    const home = randomUUID();
    await postAs(a.url, ana, '/api/sync/push', {
      clientId: randomUUID(),
      mutations: [{ id: 1, name: 'notebook.create', args: { id: home, name: 'Home' } }],
    });

    const stream = await SseClient.connect(`${b.url}/api/events`, {
      headers: { cookie: ana.cookie },
    });
    cleanups.push(() => stream.close());
    expect(stream.response.status).toBe(200);
    // The opening replay pokes Home; after it, everything on the stream is news from the bus.
    await stream.nextEvent<PokeEvent>('poke', (data) => data.notebookId === home);

    const notebookId = randomUUID();
    const entryId = randomUUID();
    const push = await postAs(a.url, ana, '/api/sync/push', {
      clientId: randomUUID(),
      mutations: [
        { id: 1, name: 'notebook.create', args: { id: notebookId, name: 'N' } },
        {
          id: 2,
          name: 'entry.put',
          args: { id: entryId, notebookId, baseVersion: 0, fields: { title: 'hello' } },
        },
      ],
    });
    expect(push).toMatchObject({ status: 200, body: { lastMutationId: 2, applied: 2 } });

    await stream.nextEvent('membership', (data: { notebookId: string }) => {
      return data.notebookId === notebookId;
    });
    const poke = await stream.nextEvent<PokeEvent>(
      'poke',
      (data) => data.notebookId === notebookId,
    );
    expect(poke.data.version).toBeGreaterThanOrEqual(1);

    const pull = await postAs(b.url, ana, '/api/sync/pull', {
      clientId: randomUUID(),
      cursors: {},
    });
    expect(pull.status).toBe(200);
    expect(JSON.stringify(pull.body)).toContain(entryId);
    expect(JSON.stringify(pull.body)).toContain('hello');
  });

  it('re-pokes B’s clients from the database after B’s listening connection drops', async () => {
    const [a, b] = await twoInstances();
    const ana = await signUpLive(a.url, 'Ana');
    const notebookId = randomUUID();
    const clientId = randomUUID();
    await postAs(a.url, ana, '/api/sync/push', {
      clientId,
      mutations: [{ id: 1, name: 'notebook.create', args: { id: notebookId, name: 'N' } }],
    });

    const stream = await SseClient.connect(`${b.url}/api/events`, {
      headers: { cookie: ana.cookie },
    });
    cleanups.push(() => stream.close());
    const first = await stream.nextEvent<PokeEvent>(
      'poke',
      (data) => data.notebookId === notebookId,
    );

    // Cut B off, and make a change while it cannot hear: its NOTIFY is lost to B.
    const busB = b.events as PgEventBus;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [busB.backendPid]);
    } finally {
      await admin.end();
    }
    await postAs(a.url, ana, '/api/sync/push', {
      clientId,
      mutations: [
        {
          id: 2,
          name: 'entry.put',
          args: { id: randomUUID(), notebookId, baseVersion: 0, fields: { title: 'missed?' } },
        },
      ],
    });

    // Whether B heard that NOTIFY or reconnected after it, the client learns the new version.
    const next = await stream.nextEvent<PokeEvent>(
      'poke',
      (data) => data.notebookId === notebookId && data.version > first.data.version,
    );
    expect(next.data.version).toBeGreaterThan(first.data.version);
  });
});
