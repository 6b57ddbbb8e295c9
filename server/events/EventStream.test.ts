import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { parseSseFrame, type SseFrame } from '../test/sseClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { openTestDatabase } from '../test/testDatabases.js';
import { EventStream } from './EventStream.js';
import { InProcessEventBus } from './InProcessEventBus.js';

afterAll(removeTempDirs);

const silent = { info() {}, warn() {}, error() {} };

describe('EventStream', () => {
  let database: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let bus: InProcessEventBus;
  let userId: string;
  let sessionId: string;

  beforeEach(async () => {
    ({ database, cleanup } = await openTestDatabase('sqlite'));
    await migrateToLatest(database);
    bus = new InProcessEventBus();
    userId = await addUser();
    sessionId = await addSession(userId);
  });
  afterEach(async () => {
    await bus.close();
    await cleanup();
  });

  async function addUser(): Promise<string> {
    const id = randomUUID();
    await database.db
      .insertInto('users')
      .values({ id, email: `${id}@example.org`, name: 'U', password_hash: 'x', created_at: 0 })
      .execute();
    return id;
  }

  async function addSession(user: string): Promise<string> {
    const id = randomUUID();
    await database.db
      .insertInto('sessions')
      .values({
        token_hash: randomUUID(),
        id,
        user_id: user,
        kind: 'cookie',
        device_name: 'test',
        created_at: 0,
        last_seen_at: 0,
        expires_at: Date.now() + 60 * 60 * 1000,
      })
      .execute();
    return id;
  }

  async function addNotebook(version: number, members: string[]): Promise<string> {
    const id = randomUUID();
    await database.db
      .insertInto('notebooks')
      .values({
        id,
        name: 'N',
        owner_id: members[0] as string,
        version,
        created_at: 0,
        deleted_at: null,
      })
      .execute();
    for (const member of members) {
      await database.db
        .insertInto('memberships')
        .values({ notebook_id: id, user_id: member, role: 'editor', joined_at: 0 })
        .execute();
    }
    return id;
  }

  function open(firstId = 1) {
    const stream = new EventStream({
      database,
      events: bus,
      userId,
      sessionId,
      heartbeatMs: 60_000,
      retryMs: 3000,
      firstId,
      log: silent,
    });
    let text = '';
    const frames: SseFrame[] = [];
    stream.body.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      let end: number;
      while ((end = text.indexOf('\n\n')) !== -1) {
        frames.push(parseSseFrame(text.slice(0, end)));
        text = text.slice(end + 2);
      }
    });
    stream.start();
    const events = () =>
      frames
        .filter((frame) => frame.event !== undefined)
        .map((frame) => ({
          event: frame.event,
          data: JSON.parse(frame.data as string) as unknown,
        }));
    async function waitForEvents(count: number) {
      const deadline = Date.now() + 5_000;
      while (events().length < count) {
        if (Date.now() > deadline) throw new Error(`got ${JSON.stringify(events())}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return events();
    }
    return { stream, frames, events, waitForEvents };
  }

  it('on resync, announces notebooks joined and left and pokes those that moved', async () => {
    const other = await addUser();
    const kept = await addNotebook(2, [userId]);
    const still = await addNotebook(4, [userId]);
    const left = await addNotebook(3, [other, userId]);
    const { stream, waitForEvents } = open();
    await waitForEvents(3);

    // What happened while the bus could not hear other instances:
    await database.db.updateTable('notebooks').set({ version: 5 }).where('id', '=', kept).execute();
    await database.db
      .deleteFrom('memberships')
      .where('notebook_id', '=', left)
      .where('user_id', '=', userId)
      .execute();
    const joined = await addNotebook(7, [other, userId]);
    bus.resync();

    const events = (await waitForEvents(7)).slice(3);
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'membership', data: { notebookId: left, change: 'removed' } },
        { event: 'membership', data: { notebookId: joined, change: 'added' } },
        { event: 'poke', data: { notebookId: joined, version: 7 } },
        { event: 'poke', data: { notebookId: kept, version: 5 } },
      ]),
    );
    expect(events).toHaveLength(4);
    expect(JSON.stringify(events)).not.toContain(still);
    stream.close();
  });

  it('closes itself and unsubscribes when the client stops reading', async () => {
    await addNotebook(1, [userId]);
    const stream = new EventStream({
      database,
      events: bus,
      userId,
      sessionId,
      heartbeatMs: 60_000,
      retryMs: 3000,
      firstId: 1,
      log: silent,
    });
    stream.start(); // nobody reads stream.body
    const notebookId = await addNotebook(1, [userId]);
    bus.deliver({ type: 'membership', notebookId, userId, change: 'added' });
    const ended = new Promise((resolve) => stream.body.once('close', resolve));
    for (let version = 2; version < 5000; version++) {
      bus.deliver({ type: 'poke', notebookId, version });
    }
    await ended;
    expect(bus.listenerCount).toBe(0);
  });
});
