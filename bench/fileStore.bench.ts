// Where a device keeps attachment bytes: the app's two stores (src/attachments/store/) measured
// against each other in the same Chromium, same run — OpfsFileStore (the Origin Private File
// System, streamed through a writable) and IdbFileStore (IndexedDB, 1 MB pieces, one transaction
// each). Each stores a BENCH_FILE_MB (default 50) MB file and reads it back whole (the Blob the
// store hands out, streamed to the end), first in a dedicated worker (where the app runs them:
// the sync worker) and then on the page itself (the app's path where no worker starts).
//
// Per store and context: write and read MB/s; main-thread tasks over 50 ms while it runs (a
// `longtask` observer on the page); and the peak JS heap above the heap at the start, of the
// context doing the work — `performance.memory` on the page, CDP's Runtime.getHeapUsage for the
// worker. The file is a Blob made of 1 MB pieces (as a File from the picker is), so the source
// is not in the JS heap; each phase starts from a collected heap (--expose-gc), and its peak
// counts the garbage it leaves too (chunks read and dropped), as a phone's memory would feel it.
// The IndexedDB rows are the baseline of each OPFS row; figures are medians of BENCH_FILE_ROUNDS
// (default 3) rounds that alternate which store goes first.
// chooseFileStore.ts cites these figures.
import { chromium, type CDPSession } from '@playwright/test';
import { rmSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { app, buildModuleHarness } from '../e2e/fixtures/moduleHarness';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { median, type Bench, type BenchRow } from './types';

const MB = Number(process.env.BENCH_FILE_MB ?? 50);
const ROUNDS = Number(process.env.BENCH_FILE_ROUNDS ?? 3);

type Kind = 'opfs' | 'idb';
type Phase = 'write' | 'read';
type Where = 'worker' | 'page';

interface PhaseRun {
  ms: number;
  bytes: number;
  /** Peak used JS heap above the phase's start, bytes (on the page; the worker's comes by CDP). */
  heapPeak: number | null;
}

const MEASURE = `
import { TidelineDB } from ${app('db/db.ts')};
import { IdbFileStore } from ${app('attachments/store/IdbFileStore.ts')};
import { OpfsFileStore } from ${app('attachments/store/OpfsFileStore.ts')};

const heap = () => (performance as any).memory?.usedJSHeapSize as number | undefined;
const db = new TidelineDB('bench-file-store');
const stores = { opfs: new OpfsFileStore(), idb: new IdbFileStore(db) };
let file: Blob | undefined;
let key = '';

/** The file to store: 1 MB of random bytes per MB, each made unique by a small header. */
export function prepare(mb: number): void {
  const piece = new Uint8Array(1024 * 1024);
  for (let at = 0; at < piece.length; at += 65536) crypto.getRandomValues(piece.subarray(at, at + 65536));
  const parts: BlobPart[] = [];
  for (let i = 0; i < mb; i += 1) parts.push(new Uint32Array([i, Date.now()]), piece.subarray(8));
  file = new Blob(parts);
  key = 'bench-' + Date.now();
}

async function timed(work: () => Promise<number>) {
  // A collected heap to start from, so the peak is this phase's own (the worker's: over CDP).
  if (heap() !== undefined) (globalThis as any).gc?.();
  const start = heap();
  let peak = start ?? 0;
  const sampler = start === undefined ? undefined : setInterval(() => { peak = Math.max(peak, heap() ?? 0); }, 5);
  const t0 = performance.now();
  const bytes = await work();
  const ms = performance.now() - t0;
  if (sampler) clearInterval(sampler);
  peak = Math.max(peak, heap() ?? 0);
  return { ms, bytes, heapPeak: start === undefined ? null : peak - start };
}

/** Stores the prepared file through the store. */
export function write(kind: 'opfs' | 'idb') {
  const blob = file;
  if (!blob) throw new Error('prepare() first');
  return timed(async () => {
    await stores[kind].put(key, blob);
    return blob.size;
  });
}

/** Reads the stored file back to its last byte (the Blob the store gives, streamed), then deletes it. */
export async function read(kind: 'opfs' | 'idb') {
  const result = await timed(async () => {
    const got = await stores[kind].get(key);
    if (!got) throw new Error(kind + ': nothing read back');
    const reader = got.stream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return bytes;
      bytes += value.byteLength;
    }
  });
  await stores[kind].delete(key);
  if (result.bytes !== file?.size) throw new Error(kind + ': read ' + result.bytes + ' of ' + file?.size + ' bytes');
  return result;
}
`;

const WORKER = `
import { prepare, read, write } from './measure';
type Ask = { op: 'prepare'; mb: number } | { op: 'write' | 'read'; kind: 'opfs' | 'idb' };
self.onmessage = async (event: MessageEvent<Ask>) => {
  try {
    const ask = event.data;
    if (ask.op === 'prepare') self.postMessage({ ok: prepare(ask.mb) ?? true });
    else self.postMessage({ ok: await (ask.op === 'write' ? write(ask.kind) : read(ask.kind)) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
self.postMessage({ ready: true });
`;

const PAGE = `
import { prepare, read, write } from './measure';
const w = window as any;
w.longTasks = [] as number[];
new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); })
  .observe({ type: 'longtask' });
w.worker = new Worker(new URL('./fileStoreWorker.ts', import.meta.url), { type: 'module' });
w.workerReady = new Promise((resolve) => {
  w.worker.addEventListener('message', (event: MessageEvent) => event.data.ready && resolve(true));
});
const ask = (message: unknown) => new Promise((resolve, reject) => {
  const onMessage = (event: MessageEvent) => {
    if (event.data.ready) return;
    w.worker.removeEventListener('message', onMessage);
    if (event.data.error) reject(new Error(event.data.error));
    else resolve(event.data.ok);
  };
  w.worker.addEventListener('message', onMessage);
  w.worker.postMessage(message);
});
w.prepare = (where: string, mb: number) => where === 'page' ? prepare(mb) : ask({ op: 'prepare', mb });
w.phase = (where: string, op: 'write' | 'read', kind: 'opfs' | 'idb') =>
  where === 'page' ? (op === 'write' ? write(kind) : read(kind)) : ask({ op, kind });
`;

/** Polls the worker's used JS heap over CDP (Runtime.getHeapUsage) while `work` runs. */
async function workerHeapPeak<T>(cdp: CDPSession, work: () => Promise<T>): Promise<[T, number]> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (info) => info.type === 'worker' && info.url.includes('fileStoreWorker'),
  );
  if (!target) throw new Error('the bench worker is not among the browser targets');
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  let id = 0;
  const waiting = new Map<number, (used: number) => void>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as {
      id?: number;
      result?: { usedSize: number; backingStorageSize?: number };
    };
    // The JS heap plus ArrayBuffer backing stores (where read chunks live), as the page's
    // performance.memory would count them.
    const used = (reply.result?.usedSize ?? 0) + (reply.result?.backingStorageSize ?? 0);
    if (reply.id !== undefined) waiting.get(reply.id)?.(used);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const call = (method: string) =>
    new Promise<number>((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  const usage = () => call('Runtime.getHeapUsage');
  try {
    // A collected heap to start from, as on the page.
    await call('HeapProfiler.collectGarbage');
    const start = await usage();
    let peak = start;
    let running = true;
    const sampling = (async () => {
      while (running) {
        peak = Math.max(peak, await usage());
        await new Promise((done) => setTimeout(done, 10));
      }
    })();
    const result = await work();
    running = false;
    await sampling;
    return [result, peak - start];
  } finally {
    cdp.off('Target.receivedMessageFromTarget', onMessage);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

interface Harness {
  prepare(where: Where, mb: number): Promise<unknown>;
  phase(where: Where, op: Phase, kind: Kind): Promise<PhaseRun>;
  longTasks: number[];
}

export const bench: Bench = {
  name: `file stores (${MB} MB, OPFS vs IndexedDB)`,
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildModuleHarness(staticDir, 'filestore', PAGE, {
      'measure.ts': MEASURE,
      'fileStoreWorker.ts': WORKER,
    });
    const server = await startServer({ staticDir });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    });
    try {
      const page = await browser.newPage({ baseURL: server.baseURL });
      await page.goto('/harness/filestore.html');
      await page.waitForFunction(
        () => (window as unknown as { workerReady?: unknown }).workerReady,
      );
      await page.evaluate(
        () => (window as unknown as { workerReady: Promise<unknown> }).workerReady,
      );
      const cdp = await browser.newBrowserCDPSession();
      type Sample = PhaseRun & { longTasks: number[] };
      const results = new Map<string, Sample[]>();
      const record = (where: Where, op: Phase, kind: Kind, sample: Sample) => {
        const name = `${where}/${op}/${kind}`;
        results.set(name, [...(results.get(name) ?? []), sample]);
      };
      const longTasks = () =>
        page.evaluate(() => (window as unknown as Harness).longTasks.splice(0));
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternate which store goes first, so neither always meets a cold or a warm disk.
        const order: Kind[] = round % 2 ? ['idb', 'opfs'] : ['opfs', 'idb'];
        for (const where of ['worker', 'page'] as const) {
          for (const kind of order) {
            // The file exists before anything is timed: the store's work is what is measured.
            await page.evaluate(([w, mb]) => (window as unknown as Harness).prepare(w, mb), [
              where,
              MB,
            ] as const);
            for (const op of ['write', 'read'] as const) {
              await longTasks();
              const phase = () =>
                page.evaluate(([w, o, k]) => (window as unknown as Harness).phase(w, o, k), [
                  where,
                  op,
                  kind,
                ] as const);
              let run: PhaseRun;
              if (where === 'worker') {
                const [result, heapPeak] = await workerHeapPeak(cdp, phase);
                run = { ...result, heapPeak };
              } else {
                run = await phase();
              }
              record(where, op, kind, { ...run, longTasks: await longTasks() });
            }
          }
        }
      }
      const get = (where: Where, op: Phase, kind: Kind) =>
        results.get(`${where}/${op}/${kind}`) ?? [];
      const mbps = (runs: Sample[]) =>
        median(runs.map((run) => run.bytes / 1024 / 1024 / (run.ms / 1000)));
      const tasks = (runs: Sample[]) =>
        median(runs.map((run) => run.longTasks.filter((ms) => ms > 50).length));
      const longest = (runs: Sample[]) =>
        Math.round(Math.max(0, ...runs.flatMap((run) => run.longTasks)));
      const heapMb = (runs: Sample[]) => median(runs.map((run) => run.heapPeak ?? 0)) / 1024 / 1024;
      // Every sample on stderr, so the spread behind each median can be read (docs/benchmarks.md).
      for (const [name, samples] of results) {
        const rates = samples.map((run) => (run.bytes / 1024 / 1024 / (run.ms / 1000)).toFixed(0));
        console.error(`  ${name}: MB/s ${rates.join(' ')}`);
      }
      const rows: BenchRow[] = [];
      for (const where of ['worker', 'page'] as const) {
        const label = `file store ${MB} MB, ${where === 'worker' ? 'dedicated worker' : 'page'}`;
        for (const op of ['write', 'read'] as const) {
          const opfs = get(where, op, 'opfs');
          const idb = get(where, op, 'idb');
          const verb = op === 'write' ? 'write' : 'read back';
          rows.push(
            {
              scenario: `${label}: OPFS ${verb}`,
              figure: mbps(opfs),
              baseline: mbps(idb),
              unit: 'MB/s',
              baselineName: `IndexedDB ${verb}`,
            },
            {
              scenario: `${label}: main-thread tasks > 50 ms, OPFS ${verb}`,
              figure: tasks(opfs),
              baseline: tasks(idb),
              unit: 'tasks',
              baselineName: `IndexedDB (longest: OPFS ${longest(opfs)} ms, IndexedDB ${longest(idb)} ms)`,
            },
            {
              scenario: `${label}: peak JS heap above start, OPFS ${verb}`,
              figure: heapMb(opfs),
              baseline: heapMb(idb),
              unit: 'MB',
              baselineName: `IndexedDB ${verb}`,
            },
          );
        }
      }
      return rows;
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
