import { randomUUID } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MembershipChange } from '../../src/protocol/events.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { removeTempDirs } from '../test/tempDir.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../test/testDatabases.js';
import type { ServerEvent } from './EventBus.js';
import type { EventBusLog } from './EventBusLog.js';
import { eventChannel, PgEventBus } from './PgEventBus.js';

afterAll(removeTempDirs);

describe('eventChannel', () => {
  it('names the channel after the schema, hashing names PostgreSQL would cut short', () => {
    expect(eventChannel('public')).toBe('tideline_events_public');
    const long = 'a'.repeat(63);
    const other = `${'a'.repeat(62)}b`;
    expect(eventChannel(long).length).toBeLessThanOrEqual(63);
    expect(eventChannel(long)).not.toBe(eventChannel(other));
  });
});

/** Collects what a bus delivers and lets a test wait for it. */
function collector(bus: PgEventBus) {
  const received: ServerEvent[] = [];
  bus.subscribe((event) => received.push(event));
  return {
    received,
    async waitFor(match: (event: ServerEvent) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(`event not received; got ${JSON.stringify(received)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/**
 * A TCP proxy in front of PostgreSQL that can be switched off: it then drops every connection
 * through it and refuses new ones, as a network outage or a database restart would.
 */
async function outageProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let down = false;
  let attempts = 0;
  const server = createServer((incoming) => {
    attempts += 1;
    if (down) {
      incoming.destroy();
      return;
    }
    const outgoing = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    get attempts() {
      return attempts;
    },
    goDown() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    comeBack() {
      down = false;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const poke = (version: number, notebookId = randomUUID()): ServerEvent => ({
  type: 'poke',
  notebookId,
  version,
});

describe.runIf(TEST_DATABASE_URL !== undefined)('PgEventBus', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  // Two schemas for the whole suite (tests run one after another and close their buses), so the
  // suite drops two schemas rather than one per test.
  const schemas: { database: DatabaseHandle; cleanup(): Promise<void> }[] = [];
  beforeAll(async () => {
    schemas.push(await openTestDatabase('postgres'), await openTestDatabase('postgres'));
  });
  afterAll(async () => {
    for (const schema of schemas.splice(0)) await schema.cleanup();
  });

  function database(which: 0 | 1 = 0): DatabaseHandle {
    return (schemas[which] as { database: DatabaseHandle }).database;
  }

  async function bus(
    handle: DatabaseHandle,
    options: { log?: EventBusLog; databaseUrl?: string } = {},
  ): Promise<PgEventBus> {
    const opened = await PgEventBus.open({
      database: handle,
      databaseUrl: TEST_DATABASE_URL as string,
      initialDelayMs: 20,
      maxDelayMs: 200,
      ...options,
    });
    cleanups.push(() => opened.close());
    return opened;
  }

  it('delivers an event published on one instance to every instance on the schema', async () => {
    const handle = database();
    const a = await bus(handle);
    const b = await bus(handle);
    const atA = collector(a);
    const atB = collector(b);
    const event: ServerEvent = {
      type: 'membership',
      notebookId: randomUUID(),
      userId: randomUUID(),
      change: MembershipChange.Added,
    };
    await a.publish(event);
    await b.publish(poke(3));
    expect(await atB.waitFor((e) => e.type === 'membership')).toEqual(event);
    expect(await atA.waitFor((e) => e.type === 'membership')).toEqual(event);
    await atA.waitFor((e) => e.type === 'poke');
    await atB.waitFor((e) => e.type === 'poke');
    // Exactly once each, in publish order.
    expect(atA.received.map((e) => e.type)).toEqual(['membership', 'poke']);
    expect(atB.received.map((e) => e.type)).toEqual(['membership', 'poke']);
  });

  it('keeps instances on different schemas apart', async () => {
    const one = await bus(database(0));
    const other = await bus(database(1));
    expect(one.channel).not.toBe(other.channel);
    const atOther = collector(other);
    const atOne = collector(one);
    await one.publish(poke(1));
    await other.publish(poke(2));
    await atOther.waitFor((e) => e.type === 'poke' && e.version === 2);
    await atOne.waitFor((e) => e.type === 'poke' && e.version === 1);
    expect(atOther.received).toHaveLength(1);
    expect(atOne.received).toHaveLength(1);
  });

  it('ignores and logs a notification that is not a valid event', async () => {
    const handle = database();
    const warnings: string[] = [];
    const log: EventBusLog = {
      info() {},
      warn: (_details, message) => warnings.push(message),
      error() {},
    };
    const listener = await bus(handle, { log });
    const got = collector(listener);
    await sql`select pg_notify(${listener.channel}, ${'not json'})`.execute(handle.db);
    await sql`select pg_notify(${listener.channel}, ${'{"type":"poke","notebookId":"x","version":1}'})`.execute(
      handle.db,
    );
    await listener.publish(poke(5));
    await got.waitFor((e) => e.type === 'poke');
    expect(got.received).toHaveLength(1);
    expect(warnings).toEqual([
      'ignored a malformed event notification',
      'ignored a malformed event notification',
    ]);
  });

  it('refuses to publish an invalid event', async () => {
    const a = await bus(database());
    await expect(
      a.publish({ type: 'poke', notebookId: 'not-a-uuid', version: 1 }),
    ).rejects.toThrow();
  });

  it('reconnects after its connection is terminated and asks subscribers to resync', async () => {
    const handle = database();
    const listener = await bus(handle);
    const publisher = await bus(handle);
    const got = collector(listener);
    let resyncs = 0;
    listener.onResync(() => (resyncs += 1));
    const pid = listener.backendPid;
    expect(pid).toBeTypeOf('number');

    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }

    const deadline = Date.now() + 5_000;
    while (resyncs === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(resyncs).toBe(1);
    expect(listener.listening).toBe(true);
    expect(listener.backendPid).not.toBe(pid);
    await publisher.publish(poke(9));
    await got.waitFor((e) => e.type === 'poke' && e.version === 9);
  });

  it('keeps retrying with backoff through an outage, then resyncs once', async () => {
    const handle = database();
    const proxy = await outageProxy(TEST_DATABASE_URL as string);
    cleanups.push(proxy.close);
    const warnings: string[] = [];
    const log: EventBusLog = {
      info() {},
      warn: (_details, message) => warnings.push(message),
      error() {},
    };
    const listener = await bus(handle, { log, databaseUrl: proxy.url });
    const publisher = await bus(handle);
    const got = collector(listener);
    let resyncs = 0;
    listener.onResync(() => (resyncs += 1));

    proxy.goDown();
    const before = proxy.attempts;
    await until(() => proxy.attempts >= before + 3);
    expect(listener.listening).toBe(false);
    await publisher.publish(poke(1)); // sent while the listener cannot hear it
    expect(resyncs).toBe(0);

    proxy.comeBack();
    await until(() => resyncs === 1);
    expect(listener.listening).toBe(true);
    await publisher.publish(poke(2));
    await got.waitFor((e) => e.type === 'poke' && e.version === 2);
    expect(got.received.map((e) => e.type === 'poke' && e.version)).toEqual([2]);
    expect(resyncs).toBe(1);
    expect(
      warnings.every((w) => w === 'lost the event connection to PostgreSQL; reconnecting'),
    ).toBe(true);
    expect(warnings.length).toBeGreaterThanOrEqual(3);
  });

  it('stops listening and refuses to publish once closed', async () => {
    const handle = database();
    const a = await bus(handle);
    const pid = a.backendPid;
    await a.close();
    expect(a.listening).toBe(false);
    await expect(a.publish(poke(1))).rejects.toMatchObject({
      name: 'EventBusError',
      code: 'closed',
    });
    // The backend exits just after the client disconnects.
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(handle.db);
      if (rows[0]?.n === 0) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
