// The page's side of a download handed to the sync worker: its failures reach the engine as the
// sync core's own errors (classified, retried), and an interrupted download resumes. The worker
// boundary is crossed as in the browser: the job's error is serialized, then rebuilt.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer';
import { removeTempDirs } from '../../server/test/tempDir';
import { testConfig } from '../../server/test/testConfig';
import { Trigger } from '../db/db';
import { createNotebook, putEntry } from '../sync/mutate';
import { SyncEngine, SyncStatus } from '../sync/SyncEngine';
import { InMemoryLock } from '../sync/SyncLock';
import { syncOnce } from '../sync/syncOnce';
import { FakeClock } from '../sync/testing/FakeClock';
import {
  errorResponse,
  openDevice,
  scriptedFetch,
  signUpWithToken,
  type TestDevice,
} from '../sync/testing/testDevice';
import { runSyncJob, serializeError } from './jobs';
import type { SyncJobResult } from './protocol';
import { WorkerJob, largePullRunner } from './syncWorkerClient';

let server: RunningServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startServer(testConfig(), { logger: false });
});
afterAll(async () => {
  for (const device of devices) await device.db.delete();
  await server.close();
  removeTempDirs();
});

const isPull = (url: string) => url.endsWith('/api/sync/pull');

/**
 * A reader device of a fresh account whose notebook holds 8 entries, with its engine handing
 * downloads of more than 3 versions to a "worker" that runs the real job with the reader's
 * database and transport and crosses the boundary as the browser does (the error serialized,
 * cloned, rebuilt). While `workerFails` is set, the worker's pulls get `answer` — the network
 * going away once the engine has handed the download over.
 */
async function reader(answer: () => Response | Error) {
  const account = await signUpWithToken(server.url, 'Reader');
  const writer = await openDevice(server.url, account);
  devices.push(writer);
  const notebookId = await createNotebook(writer.db, 'Large');
  for (let i = 0; i < 8; i++) await putEntry(writer.db, notebookId, undefined, { title: `e${i}` });
  await syncOnce({ ...writer, lock: new InMemoryLock() }, Trigger.Manual);

  const state = { workerFails: true, inWorker: false, workerRuns: 0 };
  const fetchImpl = scriptedFetch((url) =>
    state.workerFails && state.inWorker && isPull(url) ? answer() : undefined,
  );
  const device = await openDevice(server.url, account, fetchImpl);
  devices.push(device);
  const lock = new InMemoryLock();
  const engine = new SyncEngine({
    db: device.db,
    transport: device.transport,
    lock,
    clock: new FakeClock(),
    random: () => 0.5,
    pullLimit: 2,
  });
  engine.handLargePullsTo(
    largePullRunner(3, () => {
      state.workerRuns += 1;
      state.inWorker = true;
      const job = new WorkerJob<SyncJobResult>();
      void runSyncJob({ db: device.db, transport: device.transport, lock }, (progress) =>
        job.report(progress),
      )
        .finally(() => (state.inWorker = false))
        .then(
          (result) => job.resolve(result),
          (error: unknown) => job.reject(structuredClone(serializeError(error))),
        );
      return job;
    }),
  );
  return { engine, device, notebookId, state };
}

describe('a download handed to the sync worker', () => {
  it('that fails offline leaves the engine offline (not in error), and resumes when back online', async () => {
    const { engine, device, notebookId, state } = await reader(
      () => new TypeError('Failed to fetch'),
    );
    const outcome = await engine.trigger(Trigger.Foreground);
    expect(outcome.status).toBe('failed');
    expect(engine.state.status).toBe(SyncStatus.Offline);
    expect(engine.state.errorCode).toBe('offline');
    // Said plainly, with nothing lost: whether the browser is offline or the server unreachable
    // is the status bar's to tell (src/app/connectionState.ts).
    expect(engine.state.error).toMatch(/kept on this device/);
    // The engine stored nothing itself (the download is the worker's), and the worker got
    // nothing before the network went.
    expect(await device.db.entries.count()).toBe(0);
    expect(state.workerRuns).toBe(1);

    // Back online: the engine's next run sees the backlog and hands it to the worker again.
    state.workerFails = false;
    expect((await engine.online()).status).toBe('ok');
    expect(engine.state.status).toBe(SyncStatus.Idle);
    expect(state.workerRuns).toBe(2);
    expect(await device.db.entries.where('notebookId').equals(notebookId).count()).toBe(8);
  });

  it("reports the worker's progress as the engine's, for the status bar", async () => {
    const { engine, state } = await reader(() => new TypeError('Failed to fetch'));
    state.workerFails = false;
    const seen: { status: string; phase?: string; done?: number; total?: number }[] = [];
    engine.subscribe(({ status, progress }) => seen.push({ status, ...progress }));
    expect((await engine.trigger(Trigger.Foreground)).status).toBe('ok');
    expect(state.workerRuns).toBe(1);
    // The engine stores nothing and hands it all over; the worker reports its pages.
    const pulls = seen.filter((s) => s.phase === 'pull');
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.at(-1)).toMatchObject({ status: SyncStatus.Syncing, done: 8, total: 8 });
    expect(engine.state.status).toBe(SyncStatus.Idle);
    expect(engine.state.progress).toBeUndefined();
  });

  it('that meets a 401 pauses for sign-in', async () => {
    const { engine } = await reader(() => errorResponse(401, 'unauthenticated'));
    await engine.trigger(Trigger.Foreground);
    expect(engine.state.status).toBe(SyncStatus.PausedAuth);
    expect(engine.state.errorCode).toBe('auth-required');
  });

  it('that meets a busy server backs off', async () => {
    const { engine } = await reader(() =>
      errorResponse(503, 'unavailable', { 'retry-after': '7' }),
    );
    await engine.trigger(Trigger.Foreground);
    expect(engine.state.status).toBe(SyncStatus.Backoff);
    expect(engine.state.nextRetryAt).toBeGreaterThanOrEqual(7000);
  });

  it('that fails otherwise shows the reason in the words a failure on the page gets', async () => {
    const { engine } = await reader(() => errorResponse(400, 'invalid-request'));
    await engine.trigger(Trigger.Foreground);
    expect(engine.state.status).toBe(SyncStatus.Error);
    expect(engine.state.errorCode).toBe('invalid-request');
    expect(engine.state.error).toMatch(/^Sync failed: scripted 400 Your changes are kept/);
  });
});
