// Service-worker delivery in headless Chromium: 1,000 mutations queued offline (written with the
// app's own local-write functions), then ONE `sync` event dispatched through CDP to the real
// service worker — the time from the dispatch to the last acknowledgement (the outbox empty).
// Baseline, same browser and server: the same batch pushed from the page with the same sync
// routine (syncOnce over the page's fetch transport), timed from the call to the outbox empty.
// Rounds alternate worker and page; each figure is the median.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { ServiceWorkerDriver } from '../e2e/fixtures/serviceWorker';
import { copyBuiltApp, startServer, ROOT } from '../e2e/fixtures/server';
import { median, type Bench, type BenchRow } from './types';

const MUTATIONS = 1000;
const ROUNDS = 3;
const OUTBOX_TAG = 'workbox-background-sync:tideline-outbox';

interface BenchWindow {
  queueEntries(count: number): Promise<void>;
  outboxCount(): Promise<number>;
  /** Resolves with performance.now() once the outbox is empty. */
  whenOutboxEmpty(): Promise<number>;
  pushFromPage(): Promise<void>;
}

/** A page of the app's origin with the app's local writes and sync core, and nothing else. */
async function buildBenchPage(staticDir: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tideline-bench-sw-'));
  try {
    writeFileSync(
      join(dir, 'sw-bench.html'),
      '<script type="module" src="./swBench.ts"></script><p>sw bench</p>',
    );
    writeFileSync(
      join(dir, 'swBench.ts'),
      `import { getDb } from ${JSON.stringify(join(ROOT, 'src/db/db.ts'))};
       import { setAuth } from ${JSON.stringify(join(ROOT, 'src/db/meta.ts'))};
       import { createNotebook, putEntry } from ${JSON.stringify(join(ROOT, 'src/sync/mutate.ts'))};
       import { syncOnce } from ${JSON.stringify(join(ROOT, 'src/sync/syncOnce.ts'))};
       import { createFetchTransport } from ${JSON.stringify(join(ROOT, 'src/sync/createFetchTransport.ts'))};
       import { createSyncLock } from ${JSON.stringify(join(ROOT, 'src/sync/SyncLock.ts'))};
       const db = getDb();
       let notebookId: string | undefined;
       Object.assign(window, {
         async signIn(userId: string) { await setAuth(db, { userId, name: 'Bench', email: 'b@x' }); },
         async queueEntries(count: number) {
           notebookId ??= await createNotebook(db, 'Queue bench');
           for (let i = 0; i < count; i++) {
             await putEntry(db, notebookId, undefined, { title: 'Queued ' + i, body: 'Low water ' + i });
           }
         },
         outboxCount: () => db.outbox.count(),
         whenOutboxEmpty: () => new Promise((resolve) => {
           const check = async () => ((await db.outbox.count()) === 0
             ? resolve(performance.now()) : setTimeout(check, 10));
           void check();
         }),
         async pushFromPage() {
           await syncOnce({ db, transport: createFetchTransport({ baseUrl: '' }), lock: createSyncLock() }, 'manual');
         },
       });`,
    );
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      base: '/bench/',
      define: { __APP_VERSION__: '"bench"', __BUILD_ID__: '"bench"' },
      build: {
        outDir: join(staticDir, 'bench'),
        target: 'es2022',
        emptyOutDir: true,
        rollupOptions: { input: join(dir, 'sw-bench.html') },
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const call = <K extends keyof BenchWindow>(page: Page, name: K, ...args: unknown[]) =>
  page.evaluate(
    ([fn, rest]) =>
      (window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[fn as string]!(
        ...(rest as unknown[]),
      ),
    [name, args] as const,
  ) as ReturnType<BenchWindow[K]>;

export const bench: Bench = {
  name: 'service-worker sync',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildBenchPage(staticDir);
    const server = await startServer({ staticDir, env: { LOG_LEVEL: 'error' } });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const signUp = await page.request.post(`${server.baseURL}/api/auth/sign-up`, {
        data: { email: `bench-${randomUUID()}@example.org`, password: 'bench password', name: 'B' },
        headers: { origin: server.baseURL },
      });
      if (signUp.status() !== 201) throw new Error(`sign-up: ${await signUp.text()}`);
      const { user } = (await signUp.json()) as { user: { id: string } };

      await page.goto(`${server.baseURL}/bench/sw-bench.html`);
      await page.waitForFunction(() => 'queueEntries' in window);
      await page.evaluate(async (userId) => {
        await (window as unknown as { signIn(id: string): Promise<void> }).signIn(userId);
        await navigator.serviceWorker.register('/sw.js');
        await navigator.serviceWorker.ready;
      }, user.id);
      const worker = await ServiceWorkerDriver.attach(page);

      const viaWorker: number[] = [];
      const viaPage: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await context.setOffline(true);
        await call(page, 'queueEntries', MUTATIONS);
        await context.setOffline(false);
        const empty = call(page, 'whenOutboxEmpty');
        const dispatched = await page.evaluate(() => performance.now());
        await worker.dispatchSync(OUTBOX_TAG);
        viaWorker.push((await empty) - dispatched);

        await call(page, 'queueEntries', MUTATIONS);
        const emptyHere = call(page, 'whenOutboxEmpty');
        const started = await page.evaluate(() => performance.now());
        const pushed = call(page, 'pushFromPage');
        viaPage.push((await emptyHere) - started);
        await pushed;
        console.error(
          `  round ${round + 1}: worker ${viaWorker.at(-1)} ms, page ${viaPage.at(-1)} ms`,
        );
      }
      await worker.detach();
      await context.close();
      return [
        {
          scenario: `${MUTATIONS.toLocaleString('en')} queued mutations acknowledged after one sync event`,
          figure: median(viaWorker),
          baseline: median(viaPage),
          unit: 'ms',
          baselineName: 'same batch pushed from the page',
        },
      ];
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
