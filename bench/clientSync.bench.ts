// Client figures in headless Chromium, each against a baseline from the same browser run:
// - initial sync of a 100,000-entry notebook (~500-byte entries) through the app — opening the
//   notebook hands the download to the sync worker — against raw Dexie bulkPut of rows of the same
//   size and indexes, in chunks of the same page size, on a page of the same origin;
// - main-thread long tasks (> 50 ms) during that sync, against the long tasks of the raw
//   bulkPut run on the main thread (what the worker spares the page).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer, type RunningServer } from '../e2e/fixtures/server';
import type { Bench, BenchRow } from './types';
import { uuidv7 } from './uuidv7.mjs';

const ENTRIES = 100_000;
const PUSH_BATCH = 500;
const PAGE = 2000;
const BODY = 'Low water at the north jetty; '.repeat(14).slice(0, 400);

function fields(i: number) {
  return {
    title: `Survey point ${i} — tide gauge reading`,
    body: `${i} ${BODY}`,
    tags: ['survey', `zone-${i % 12}`],
    done: i % 4 === 0,
  };
}

async function seed(server: RunningServer, page: Page): Promise<string> {
  const origin = { origin: server.baseURL };
  const signUp = await page.request.post(`${server.baseURL}/api/auth/sign-up`, {
    data: { email: `bench-${randomUUID()}@example.org`, password: 'bench password', name: 'Bench' },
    headers: origin,
  });
  if (signUp.status() !== 201) throw new Error(`sign-up: ${await signUp.text()}`);
  const notebookId = randomUUID();
  const clientId = randomUUID();
  let id = 1;
  const push = async (mutations: unknown[]) => {
    const response = await page.request.post(`${server.baseURL}/api/sync/push`, {
      data: { clientId, mutations },
      headers: origin,
    });
    if (!response.ok()) throw new Error(`push: ${await response.text()}`);
  };
  await push([{ id: id++, name: 'notebook.create', args: { id: notebookId, name: 'Survey' } }]);
  for (let start = 0; start < ENTRIES; start += PUSH_BATCH) {
    await push(
      Array.from({ length: PUSH_BATCH }, (_, i) => ({
        id: id++,
        name: 'entry.put',
        args: { id: uuidv7(), notebookId, baseVersion: 0, fields: fields(start + i) },
      })),
    );
  }
  return notebookId;
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

function countLongTasks(page: Page, from: number): Promise<number> {
  return page.evaluate(
    (since) =>
      (window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(
        ([start, duration]) => start >= since && duration > 50,
      ).length,
    from,
  );
}

function localEntryCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('entries').objectStore('entries').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => resolve(0);
        };
      }),
  );
}

/** Builds a page that bulk-puts rows with Dexie into a table indexed like `entries`. */
async function buildRawDexiePage(staticDir: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tideline-bench-dexie-'));
  try {
    writeFileSync(
      join(dir, 'raw-dexie.html'),
      '<script type="module" src="./raw.ts"></script><p>raw</p>',
    );
    writeFileSync(
      join(dir, 'raw.ts'),
      `import Dexie from 'dexie';
       const body = ${JSON.stringify(BODY)};
       (window as any).rawBulkPut = async (total: number, page: number) => {
         const db = new Dexie('raw-bench');
         db.version(1).stores({ entries: ${JSON.stringify(
           'id, notebookId, [notebookId+updatedAt], [notebookId+createdAt], [notebookId+doneKey], *tags',
         )} });
         await db.open();
         const notebookId = crypto.randomUUID();
         const started = performance.now();
         for (let start = 0; start < total; start += page) {
           const rows = [];
           for (let i = start; i < Math.min(total, start + page); i++) {
             rows.push({ id: crypto.randomUUID(), notebookId, version: i + 2, deleted: false,
               fields: { title: 'Survey point ' + i + ' — tide gauge reading', body: i + ' ' + body,
                 tags: ['survey', 'zone-' + (i % 12)], done: i % 4 === 0, location: null },
               title: 'Survey point ' + i, tags: ['survey', 'zone-' + (i % 12)], doneKey: i % 4 === 0 ? 1 : 0,
               createdAt: Date.now(), updatedAt: Date.now(), pending: 0, unread: 0 });
           }
           await db.table('entries').bulkPut(rows);
         }
         const elapsed = performance.now() - started;
         db.close();
         await Dexie.delete('raw-bench');
         return { elapsed, startedAt: started };
       };`,
    );
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      base: '/bench/',
      resolve: { alias: { dexie: join(process.cwd(), 'node_modules/dexie/dist/dexie.mjs') } },
      build: {
        outDir: join(staticDir, 'bench'),
        target: 'es2022',
        emptyOutDir: true,
        rollupOptions: { input: join(dir, 'raw-dexie.html') },
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: 'client sync',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildRawDexiePage(staticDir);
    const server = await startServer({ staticDir, env: { LOG_LEVEL: 'error' } });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    try {
      const context = await browser.newContext();
      await context.addInitScript(LONG_TASKS);
      const page = await context.newPage();
      console.error(`  seeding ${ENTRIES} entries…`);
      const notebookId = await seed(server, page);

      // Baseline: raw Dexie bulkPut on the main thread of a page of the same origin.
      await page.goto(`${server.baseURL}/bench/raw-dexie.html`);
      await page.waitForFunction(() => 'rawBulkPut' in window);
      const raw = await page.evaluate(
        ([total, size]) =>
          (
            window as unknown as {
              rawBulkPut: (t: number, p: number) => Promise<{ elapsed: number; startedAt: number }>;
            }
          ).rawBulkPut(total, size),
        [ENTRIES, PAGE] as const,
      );
      const rawLongTasks = await countLongTasks(page, raw.startedAt);

      // The app: open the notebook; its first download runs in the sync worker.
      await page.goto(`${server.baseURL}/settings`);
      const started = Date.now();
      await page.goto(`${server.baseURL}/notebooks/${notebookId}`);
      const navigationStart = await page.evaluate(() => performance.now());
      const deadline = started + 10 * 60_000;
      let count = 0;
      while ((count = await localEntryCount(page)) < ENTRIES) {
        if (Date.now() > deadline) throw new Error(`initial sync stalled at ${count} entries`);
        await page.waitForTimeout(250);
      }
      const elapsed = Date.now() - started;
      const appLongTasks = await countLongTasks(
        page,
        Math.max(0, navigationStart - (Date.now() - started)),
      );
      await context.close();
      return [
        {
          scenario: `initial sync, ${ENTRIES.toLocaleString('en')} entries (worker)`,
          figure: ENTRIES / (elapsed / 1000),
          baseline: ENTRIES / (raw.elapsed / 1000),
          unit: 'entries/s',
          baselineName: 'raw Dexie bulkPut, same browser',
        },
        {
          scenario: 'main-thread long tasks > 50 ms during it',
          figure: appLongTasks,
          baseline: rawLongTasks,
          unit: 'tasks',
          baselineName: 'raw bulkPut on the main thread',
        },
      ];
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
