// The engine's own retries when the server does not answer though the device is online (a
// restart, a captive portal): bounded, jittered backoff on a fake clock, reset by success and by
// `retryNow()` (the page becoming visible, the event stream reconnecting) — against the real
// server, with the outage scripted in front of it.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer';
import { removeTempDirs } from '../../server/test/tempDir';
import { testConfig } from '../../server/test/testConfig';
import { Trigger } from '../db/db';
import { UNREACHABLE_BACKOFF } from './backoff';
import { createNotebook, putEntry } from './mutate';
import { SyncEngine, SyncStatus, type SyncEngineOptions } from './SyncEngine';
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

let server: RunningServer;
let account: TestAccount;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startServer(testConfig(), { logger: false });
  account = await signUpWithToken(server.url, 'Unreachable');
});
afterAll(async () => {
  for (const device of devices) await device.db.delete();
  await server.close();
  removeTempDirs();
});

/** A device whose server is down while `outage.down` is true; `outage.online` is the browser's view. */
async function deviceWithOutage(options: Partial<SyncEngineOptions> = {}) {
  const outage = { down: true, online: true };
  const fetchImpl = scriptedFetch(() =>
    outage.down ? new TypeError('connection refused') : undefined,
  );
  const device = await openDevice(server.url, account, fetchImpl);
  devices.push(device);
  const clock = new FakeClock();
  const engine = new SyncEngine({
    db: device.db,
    transport: device.transport,
    lock: new InMemoryLock(),
    clock,
    random: () => 0.5,
    unreachable: { isOnline: () => outage.online },
    ...options,
  });
  return { device, engine, clock, outage, fetchImpl };
}

async function serverTitles(notebookId: string): Promise<string[]> {
  const rows = await server.database.db
    .selectFrom('entries')
    .select('title')
    .where('notebook_id', '=', notebookId)
    .execute();
  return rows.map((row) => row.title).sort();
}

/** Runs the scheduled retries until the engine leaves `offline`, collecting their delays. */
async function followRetries(
  engine: SyncEngine,
  clock: FakeClock,
  onRetry: (n: number) => void = () => undefined,
): Promise<number[]> {
  const delays: number[] = [];
  while (engine.state.status === SyncStatus.Offline && engine.state.nextRetryAt !== undefined) {
    const delay = engine.state.nextRetryAt - clock.now();
    delays.push(delay);
    onRetry(delays.length);
    clock.advance(delay);
    await engine.settled();
  }
  return delays;
}

describe('SyncEngine with the server unreachable', () => {
  it('retries by itself with growing, bounded, jittered delays and delivers once the server is back', async () => {
    const { device, engine, clock, outage } = await deviceWithOutage();
    const notebookId = await createNotebook(device.db, 'Restart');
    await putEntry(device.db, notebookId, undefined, {
      title: 'written while the server was down',
    });
    await engine.trigger(Trigger.LocalWrite);
    expect(engine.state).toMatchObject({ status: SyncStatus.Offline, pendingCount: 2 });
    expect(engine.state.nextRetryAt).toBe(clock.now() + 2000);

    const delays = await followRetries(engine, clock, (n) => {
      if (n === 8) outage.down = false; // the server is back before the 8th retry
    });
    // Half of 4, 8, 16, 32 s, then the one-minute ceiling (floored at half the base).
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(UNREACHABLE_BACKOFF.capMs);
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
    expect(engine.state.nextRetryAt).toBeUndefined();
    expect(clock.pending).toEqual([]);
    expect(await serverTitles(notebookId)).toEqual(['written while the server was down']);
    const runs = await device.db.activity.toArray();
    expect(runs.map((r) => r.trigger)).toEqual(['local-write', ...Array(8).fill('retry')]);
    expect(runs.at(-1)?.outcome).toBe('ok');
  });

  it('starts again from the shortest delay after a success', async () => {
    const { device, engine, clock, outage } = await deviceWithOutage();
    const notebookId = await createNotebook(device.db, 'Again');
    await engine.trigger(Trigger.Manual);
    await followRetries(engine, clock, (n) => {
      if (n === 3) outage.down = false;
    });
    expect(engine.state.status).toBe(SyncStatus.Idle);
    outage.down = true;
    await putEntry(device.db, notebookId, undefined, { title: 'second outage' });
    await engine.trigger(Trigger.LocalWrite);
    expect(engine.state.nextRetryAt! - clock.now()).toBe(2000);
  });

  it('schedules nothing while the browser says it is offline, and goes at once on `online`', async () => {
    const { device, engine, clock, outage } = await deviceWithOutage();
    outage.online = false;
    const notebookId = await createNotebook(device.db, 'No network');
    await engine.trigger(Trigger.LocalWrite);
    expect(engine.state.status).toBe(SyncStatus.Offline);
    expect(engine.state.nextRetryAt).toBeUndefined();
    expect(clock.pending).toEqual([]);
    outage.online = true;
    outage.down = false;
    expect((await engine.online()).status).toBe('ok');
    expect(await device.db.notebooks.get(notebookId)).toMatchObject({ pending: 0 });
  });

  it('retryNow (page visible, event stream back) forgets the backoff and tries at once', async () => {
    const { device, engine, clock, outage, fetchImpl } = await deviceWithOutage();
    const notebookId = await createNotebook(device.db, 'Visible');
    await engine.trigger(Trigger.LocalWrite);
    for (let retry = 0; retry < 3; retry += 1) {
      clock.advance(engine.state.nextRetryAt! - clock.now());
      await engine.settled();
    }
    expect(engine.state.status).toBe(SyncStatus.Offline);
    expect(engine.state.nextRetryAt! - clock.now()).toBe(16_000);
    outage.down = false;
    const calls = fetchImpl.calls.length;
    const outcome = await engine.retryNow(Trigger.Foreground);
    expect(outcome?.status).toBe('ok');
    expect(fetchImpl.calls.length).toBeGreaterThan(calls);
    expect(clock.pending).toEqual([]);
    expect(await device.db.notebooks.get(notebookId)).toMatchObject({ pending: 0 });
    // Nothing to do when nothing failed.
    expect(engine.retryNow(Trigger.Foreground)).toBeUndefined();
  });

  it('retryNow still waits for a busy server’s Retry-After', async () => {
    let busy = true;
    const fetchImpl = scriptedFetch((url) =>
      busy && url.endsWith('/api/sync/push')
        ? errorResponse(503, 'unavailable', { 'retry-after': '20' })
        : undefined,
    );
    const device = await openDevice(server.url, account, fetchImpl);
    devices.push(device);
    const clock = new FakeClock();
    const engine = new SyncEngine({
      db: device.db,
      transport: device.transport,
      lock: new InMemoryLock(),
      clock,
      random: () => 0.99,
      unreachable: { isOnline: () => true },
    });
    await createNotebook(device.db, 'Busy');
    await engine.trigger(Trigger.Manual);
    expect(engine.state.status).toBe(SyncStatus.Backoff);
    clock.advance(5000);
    busy = false;
    const calls = fetchImpl.calls.length;
    expect(engine.retryNow(Trigger.Foreground)).toBeUndefined();
    expect(fetchImpl.calls.length).toBe(calls);
    expect(engine.state.nextRetryAt).toBe(clock.now() + 15_000);
    clock.advance(15_000);
    await engine.settled();
    expect(engine.state).toMatchObject({ status: SyncStatus.Idle, pendingCount: 0 });
  });
});
