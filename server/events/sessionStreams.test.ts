// Event streams belong to a session: they close when it ends (sign-out, revocation, a password
// change, expiry), on every server instance, and there are only so many per session, per user
// and per instance. A notebook a member was removed from is not poked on their stream again.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MembershipEvent, PokeEvent } from '../../src/protocol/events.js';
import type { Config } from '../config.js';
import { startServer, type RunningServer } from '../startServer.js';
import { postAs, signUpLive, type LiveUser } from '../test/liveUsers.js';
import { within } from '../test/rawSocket.js';
import { SseClient } from '../test/sseClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import {
  testDatabaseLocation,
  testDatabaseTargets,
  type TestDatabaseLocation,
} from '../test/testDatabases.js';
import { STREAMS_PER_SESSION, STREAMS_PER_USER } from './EventStreamRegistry.js';

afterAll(removeTempDirs);

const PASSWORD = 'correct horse battery';

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`event streams and sessions on ${kind}`, () => {
    let location: TestDatabaseLocation;
    const cleanups: (() => Promise<void>)[] = [];
    beforeAll(() => {
      location = testDatabaseLocation(kind);
    });
    afterAll(async () => location.cleanup());
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function start(overrides: Partial<Config> = {}): Promise<RunningServer> {
      const server = await startServer(
        testConfig({ ...location.config, authAttemptsPerIp: 1000, ...overrides }),
        { ...location.options, logger: false },
      );
      cleanups.push(server.close);
      return server;
    }

    async function connect(server: RunningServer, cookie: string): Promise<SseClient> {
      const stream = await SseClient.connect(`${server.url}/api/events`, { headers: { cookie } });
      cleanups.push(() => stream.close());
      return stream;
    }

    /** Another device of `user`: a second session's cookie. */
    async function signInAgain(server: RunningServer, user: LiveUser): Promise<string> {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: user.user.email, password: PASSWORD }),
      });
      expect(response.status).toBe(200);
      return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
    }

    async function sessionIdOf(server: RunningServer, cookie: string): Promise<string> {
      const response = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
      return ((await response.json()) as { session: { id: string } }).session.id;
    }

    async function newNotebook(server: RunningServer, user: LiveUser): Promise<string> {
      const id = randomUUID();
      const pushed = await postAs(server.url, user, '/api/sync/push', {
        clientId: randomUUID(),
        mutations: [{ id: 1, name: 'notebook.create', args: { id, name: 'N' } }],
      });
      expect(pushed.status).toBe(200);
      return id;
    }

    it('closes the stream of a device that is signed out from another', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const notebookId = await newNotebook(server, ana);
      const phone = await signInAgain(server, ana);
      const stream = await connect(server, phone);
      await stream.nextEvent<PokeEvent>('poke', (data) => data.notebookId === notebookId);

      const revoked = await fetch(
        `${server.url}/api/auth/sessions/${await sessionIdOf(server, phone)}`,
        { method: 'DELETE', headers: { cookie: ana.cookie, origin: server.url } },
      );
      expect(revoked.status).toBe(204);
      expect(await within(stream.ended, 5_000)).toBe(true);
      expect(stream.error).toBeUndefined();
    });

    it('closes a stream when its own device signs out', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const stream = await connect(server, ana.cookie);
      await stream.next((frame) => frame.retry !== undefined);
      const out = await fetch(`${server.url}/api/auth/sign-out`, {
        method: 'POST',
        headers: { cookie: ana.cookie, origin: server.url },
      });
      expect(out.status).toBe(204);
      expect(await within(stream.ended, 5_000)).toBe(true);
    });

    it('closes every other device’s stream on a password change, and keeps this one', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const notebookId = await newNotebook(server, ana);
      const laptop = await connect(server, ana.cookie);
      const phone = await connect(server, await signInAgain(server, ana));
      const tablet = await connect(server, await signInAgain(server, ana));
      for (const stream of [laptop, phone, tablet]) {
        await stream.nextEvent<PokeEvent>('poke', (data) => data.notebookId === notebookId);
      }
      const changed = await postAs(server.url, ana, '/api/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'a brand new passphrase',
      });
      expect(changed).toMatchObject({ status: 200, body: { signedOut: 2 } });
      expect(await within(phone.ended, 5_000)).toBe(true);
      expect(await within(tablet.ended, 5_000)).toBe(true);
      // This device's stream still hears about changes.
      await newNotebook(server, ana);
      await laptop.nextEvent('membership');
    });

    it('closes a stream when its session expires', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      await server.database.db
        .updateTable('sessions')
        .set({ expires_at: Date.now() + 1_500, last_seen_at: Date.now() })
        .where('user_id', '=', ana.user.id)
        .execute();
      const stream = await connect(server, ana.cookie);
      expect(stream.response.status).toBe(200);
      expect(await within(stream.ended, 6_000)).toBe(true);
    });

    it('stops poking a member about a notebook they were removed from', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const bo = await signUpLive(server.url, 'Bo');
      const shared = await newNotebook(server, ana);
      const own = await newNotebook(server, bo);
      await server.database.db
        .insertInto('memberships')
        .values({ notebook_id: shared, user_id: bo.user.id, role: 'editor', joined_at: 0 })
        .execute();
      const stream = await connect(server, bo.cookie);
      await stream.nextEvent<PokeEvent>('poke', (data) => data.notebookId === shared);

      const removed = await fetch(`${server.url}/api/notebooks/${shared}/members/${bo.user.id}`, {
        method: 'DELETE',
        headers: { cookie: ana.cookie, origin: server.url },
      });
      expect(removed.status).toBe(204);
      await stream.nextEvent<MembershipEvent>('membership', (data) => data.notebookId === shared);
      await server.events.publish({ type: 'poke', notebookId: shared, version: 50 });
      await server.events.publish({ type: 'poke', notebookId: own, version: 50 });
      await stream.nextEvent<PokeEvent>('poke', (data) => data.notebookId === own);
      const after = stream.events('poke').filter((event) => {
        const data = event.data as PokeEvent;
        return data.notebookId === shared && data.version === 50;
      });
      expect(after).toEqual([]);
    });

    it('keeps at most STREAMS_PER_SESSION per session, closing the oldest', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const streams: SseClient[] = [];
      for (let i = 0; i <= STREAMS_PER_SESSION; i++) {
        const stream = await connect(server, ana.cookie);
        expect(stream.response.status).toBe(200);
        await stream.next((frame) => frame.retry !== undefined);
        streams.push(stream);
      }
      expect(await within(streams[0]!.ended, 5_000)).toBe(true);
      for (const stream of streams.slice(1)) expect(await within(stream.ended, 50)).toBe(false);
    });

    it('refuses a user’s stream over STREAMS_PER_USER with 429 and Retry-After', async () => {
      const server = await start();
      const ana = await signUpLive(server.url, 'Ana');
      const sessions = [ana.cookie];
      const needed = Math.ceil(STREAMS_PER_USER / STREAMS_PER_SESSION) + 1;
      while (sessions.length < needed) sessions.push(await signInAgain(server, ana));
      for (let i = 0; i < STREAMS_PER_USER; i++) {
        const stream = await connect(server, sessions[i % (needed - 1)]!);
        expect(stream.response.status).toBe(200);
      }
      const refused = await connect(server, sessions[needed - 1]!);
      expect(refused.response.status).toBe(429);
      expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('refuses streams over EVENT_STREAMS_MAX with 503 and Retry-After', async () => {
      const server = await start({ eventStreamsMax: 2 });
      const ana = await signUpLive(server.url, 'Ana');
      const bo = await signUpLive(server.url, 'Bo');
      expect((await connect(server, ana.cookie)).response.status).toBe(200);
      expect((await connect(server, bo.cookie)).response.status).toBe(200);
      const refused = await connect(server, (await signUpLive(server.url, 'Cy')).cookie);
      expect(refused.response.status).toBe(503);
      expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it.runIf(kind === 'postgres')(
      'closes a revoked device’s stream held by another instance',
      async () => {
        const a = await start();
        const b = await start();
        const ana = await signUpLive(a.url, 'Ana');
        const phone = await signInAgain(a, ana);
        const stream = await connect(b, phone);
        await stream.next((frame) => frame.retry !== undefined);
        const revoked = await fetch(`${a.url}/api/auth/sessions/${await sessionIdOf(a, phone)}`, {
          method: 'DELETE',
          headers: { cookie: ana.cookie, origin: a.url },
        });
        expect(revoked.status).toBe(204);
        expect(await within(stream.ended, 5_000)).toBe(true);
      },
    );
  });
}
