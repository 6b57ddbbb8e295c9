// The connection loop with a fake clock, against the real server; failures are injected with
// scripted fetch answers (offline, 401, 429, 500, 400) in front of it.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer';
import { removeTempDirs } from '../../server/test/tempDir';
import { testConfig } from '../../server/test/testConfig';
import { Trigger } from '../db/db';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { createFetchTransport } from './createFetchTransport';
import { createNotebook, putEntry } from './mutate';
import { SyncEngine, SyncStatus, type SyncEngineOptions, type SyncState } from './SyncEngine';
import { InMemoryLock } from './SyncLock';
import { FakeClock } from './testing/FakeClock';
import {
  errorResponse,
  openDevice,
  scriptedFetch,
  signUpWithToken,
  type TestAccount,
  type TestDevice,
} from './testing/testDevice';
import type { Transport } from './Transport';

let server: RunningServer;
let account: TestAccount;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startServer(testConfig(), { logger: false });
  account = await signUpWithToken(server.url, 'Engine');
});
afterAll(async () => {
  for (const device of devices) await device.db.delete();
  await server.close();
  removeTempDirs();
});

async function device(fetchImpl?: typeof fetch): Promise<TestDevice> {
  const opened = await openDevice(server.url, account, fetchImpl);
  devices.push(opened);
  return opened;
}

function engineFor(
  d: TestDevice,
  options: Partial<SyncEngineOptions> = {},
): { engine: SyncEngine; clock: FakeClock; states: SyncState[] } {
  const clock = new FakeClock();
  const engine = new SyncEngine({
    db: d.db,
    transport: d.transport,
    lock: new InMemoryLock(),
    clock,
    random: () => 0.5,
    ...options,
  });
  const states: SyncState[] = [];
  engine.subscribe((state) => states.push(state));
  return { engine, clock, states };
}

async function serverTitles(notebookId: string): Promise<string[]> {
  const rows = await server.database.db
    .selectFrom('entries')
    .select('title')
    .where('notebook_id', '=', notebookId)
    .execute();
  return rows.map((row) => row.title).sort();
}

const isPush = (url: string) => url.endsWith('/api/sync/push');

describe('SyncEngine', () => {
  it('syncs on a trigger and reports idle with counts and the last sync time', async () => {
    const d = await device();
    const { engine, clock, states } = engineFor(d);
    await engine.start();
    const notebookId = await createNotebook(d.db, 'Engine');
    await putEntry(d.db, notebookId, undefined, { title: 'one' });
    const outcome = await engine.trigger(Trigger.Foreground);
    expect(outcome).toMatchObject({ status: 'ok', result: { pushed: 2, pulled: 1 } });
    expect(states.map((s) => s.status)).toContain(SyncStatus.Syncing);
    expect(engine.state).toEqual({
      status: SyncStatus.Idle,
      pendingCount: 0,
      deadLetterCount: 0,
      lastSyncedAt: clock.now(),
    });
    expect(states.some((s) => s.progress?.phase === 'pull')).toBe(true);
  });

  it('pushes ~20 ms after a burst of local writes, as one run', async () => {
    const d = await device();
    const { engine, clock } = engineFor(d);
    const notebookId = await createNotebook(d.db, 'Debounced');
    for (let i = 0; i < 3; i++) {
      await putEntry(d.db, notebookId, undefined, { title: `t${i}` });
      engine.notifyLocalWrite();
      clock.advance(10);
    }
    expect(clock.pending).toHaveLength(1);
    await Promise.resolve();
    expect(await d.db.outbox.count()).toBe(4);
    clock.advance(20);
    await engine.settled();
    expect(await d.db.outbox.count()).toBe(0);
    expect(await serverTitles(notebookId)).toEqual(['t0', 't1', 't2']);
    const runs = await d.db.activity.toArray();
    expect(runs.map((r) => r.trigger)).toEqual(['local-write']);
  });

  it('goes offline when the network fails, keeps every write, and syncs when back online', async () => {
    let offline = true;
    const d = await device(
      scriptedFetch(() => (offline ? new TypeError('fetch failed') : undefined)),
    );
    const { engine, clock } = engineFor(d);
    const notebookId = await createNotebook(d.db, 'Offline');
    await putEntry(d.db, notebookId, undefined, { title: 'written offline' });
    const outcome = await engine.trigger(Trigger.Manual);
    expect(outcome.status).toBe('failed');
    expect(engine.state).toMatchObject({ status: SyncStatus.Offline, pendingCount: 2 });
    expect(engine.state.error).toMatch(/can’t reach the server/);
    expect(clock.pending).toEqual([]); // no timer: waits for `online` or the next trigger

    await putEntry(d.db, notebookId, undefined, { title: 'still offline' });
    offline = false;
    expect((await engine.online()).status).toBe('ok');
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
    expect(await serverTitles(notebookId)).toEqual(['still offline', 'written offline']);
  });

  it('pauses on 401 without dropping anything and resumes after sign-in', async () => {
    let token = 'expired-token';
    const d = await device();
    d.transport = createFetchTransport({
      baseUrl: server.url,
      headers: () => ({ authorization: `Bearer ${token}` }),
    });
    const { engine } = engineFor(d);
    const notebookId = await createNotebook(d.db, 'Auth');
    await putEntry(d.db, notebookId, undefined, { title: 'before' });
    await engine.trigger(Trigger.Manual);
    expect(engine.state).toMatchObject({
      status: SyncStatus.PausedAuth,
      errorCode: 'auth-required',
      pendingCount: 2,
    });
    // Writes keep queueing; triggers do nothing while paused.
    await putEntry(d.db, notebookId, undefined, { title: 'while paused' });
    expect(await engine.trigger(Trigger.Poke)).toEqual({
      status: 'skipped',
      reason: 'paused-auth',
    });
    expect(await d.db.outbox.count()).toBe(3);

    token = account.token; // signed in again
    expect((await engine.resume()).status).toBe('ok');
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
    expect(engine.state.error).toBeUndefined();
    expect(await serverTitles(notebookId)).toEqual(['before', 'while paused']);
  });

  it('backs off on 429 for at least Retry-After, then retries by itself', async () => {
    let busy = true;
    const fetchImpl = scriptedFetch((url) =>
      busy && isPush(url)
        ? errorResponse(429, 'too-many-requests', { 'retry-after': '30' })
        : undefined,
    );
    const d = await device(fetchImpl);
    const { engine, clock } = engineFor(d, { random: () => 0 });
    const notebookId = await createNotebook(d.db, 'Busy');
    await engine.trigger(Trigger.Manual);
    const failedAt = clock.now();
    expect(engine.state).toMatchObject({
      status: SyncStatus.Backoff,
      errorCode: 'server-busy',
      nextRetryAt: failedAt + 30_000,
      pendingCount: 1,
    });
    busy = false;
    const calls = fetchImpl.calls.length;
    clock.advance(29_000);
    // Neither the clock nor other triggers start a run before the server's Retry-After.
    expect(await engine.trigger(Trigger.Poke)).toMatchObject({ status: 'skipped' });
    expect(await engine.trigger(Trigger.Manual)).toMatchObject({ status: 'skipped' });
    expect(fetchImpl.calls.length).toBe(calls);
    clock.advance(1000);
    await engine.settled();
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
    expect(engine.state.nextRetryAt).toBeUndefined();
    expect(await d.db.notebooks.get(notebookId)).toMatchObject({ version: 1, pending: 0 });
    const runs = await d.db.activity.toArray();
    expect(runs.map((r) => [r.trigger, r.outcome, r.error])).toEqual([
      ['manual', 'error', 'server-busy'],
      ['retry', 'ok', undefined],
    ]);
  });

  it('backs off exponentially with jitter on 5xx until the server recovers', async () => {
    let failures = 3;
    const fetchImpl = scriptedFetch((url) => {
      if (!isPush(url) || failures === 0) return undefined;
      failures -= 1;
      return errorResponse(500, 'internal');
    });
    const d = await device(fetchImpl);
    const { engine, clock } = engineFor(d, { random: () => 0.5 });
    await createNotebook(d.db, 'Flaky');
    await engine.trigger(Trigger.Manual);
    const delays: number[] = [];
    while (engine.state.status === SyncStatus.Backoff) {
      const delay = engine.state.nextRetryAt! - clock.now();
      delays.push(delay);
      clock.advance(delay);
      await engine.settled();
    }
    // Half of 1 s, 2 s, 4 s: the ceiling doubles per attempt.
    expect(delays).toEqual([500, 1000, 2000]);
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
  });

  it('shows a refusal it cannot retry on its own as an error, and tries again on the next trigger', async () => {
    let refuse = true;
    const d = await device(
      scriptedFetch((url) =>
        refuse && isPush(url)
          ? new Response(
              JSON.stringify({ error: { code: 'client-mismatch', message: 'Not yours.' } }),
              {
                status: 403,
              },
            )
          : undefined,
      ),
    );
    const { engine } = engineFor(d);
    await createNotebook(d.db, 'Refused');
    await engine.trigger(Trigger.Manual);
    expect(engine.state).toMatchObject({
      status: SyncStatus.Error,
      errorCode: 'client-mismatch',
      pendingCount: 1,
    });
    expect(engine.state.error).toMatch(/Not yours\./);
    refuse = false;
    expect((await engine.trigger(Trigger.Manual)).status).toBe('ok');
    expect(engine.state.status).toBe(SyncStatus.Idle);
  });

  it('joins triggers that arrive during a run and makes exactly one follow-up for new work', async () => {
    const d = await device();
    let release: () => void = () => undefined;
    let gate: Promise<void> | undefined = new Promise((resolve) => (release = resolve));
    let pulls = 0;
    const gated: Transport = {
      push: (request) => d.transport.push(request),
      async pull(request) {
        pulls += 1;
        if (gate) await gate;
        return d.transport.pull(request);
      },
    };
    const { engine } = engineFor({ ...d, transport: gated });
    const first = engine.trigger(Trigger.Foreground);
    const joined = engine.trigger(Trigger.Manual);
    expect(joined).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(1);
    // New work during the run: three triggers, one follow-up.
    expect(engine.trigger(Trigger.Poke)).toBe(first);
    expect(engine.trigger(Trigger.LocalWrite)).toBe(first);
    expect(engine.trigger(Trigger.Poke)).toBe(first);
    gate = undefined;
    release();
    expect((await first).status).toBe('ok');
    expect(pulls).toBe(2);
    const runs = await d.db.activity.toArray();
    expect(runs.map((r) => r.trigger)).toEqual(['foreground', 'poke']);
  });

  it('never runs two engines that share a lock at the same time', async () => {
    const lock = new InMemoryLock();
    let active = 0;
    let maxActive = 0;
    const tracked = (inner: Transport): Transport => {
      const around =
        <T>(call: () => Promise<T>) =>
        async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          try {
            await new Promise((resolve) => setTimeout(resolve, 2));
            return await call();
          } finally {
            active -= 1;
          }
        };
      return {
        push: (request) => around(() => inner.push(request))(),
        pull: (request) => around(() => inner.pull(request))(),
      };
    };
    const page = await device();
    const worker = await device();
    const engines = [page, worker].map(
      (d) => engineFor({ ...d, transport: tracked(d.transport) }, { lock }).engine,
    );
    const notebookId = await createNotebook(page.db, 'Locked');
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      await putEntry(page.db, notebookId, undefined, { title: `p${i}` });
      runs.push(engines[0]!.trigger(Trigger.Manual), engines[1]!.trigger(Trigger.Push));
    }
    await Promise.all(runs);
    await Promise.all(engines.map((engine) => engine.settled()));
    expect(maxActive).toBe(1);
    await engines[1]!.trigger(Trigger.Manual);
    expect((await worker.db.entries.where('notebookId').equals(notebookId).toArray()).length).toBe(
      4,
    );
  });
});

describe('backoffDelay', () => {
  it('draws from [0, min(cap, base·2^(n-1))) and never goes below the minimum', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999)).toBe(999);
    expect(backoffDelay(4, DEFAULT_BACKOFF, () => 0.5)).toBe(4000);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBe(299_700);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0, 30_000)).toBe(30_000);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999, 600_000)).toBe(600_000);
  });
});
