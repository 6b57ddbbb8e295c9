// Client figures in headless Chromium, each against a baseline from the same browser run:
// - initial sync of a 100,000-entry notebook (~500-byte entries) through the app — opening the
//   notebook hands the download to the sync worker — against raw Dexie bulkPut of rows of the same
//   size and indexes, in chunks of the same page size, on a page of the same origin;
// - main-thread long tasks (> 50 ms) during that sync, against the long tasks of the raw
//   bulkPut run on the main thread (what the worker spares the page);
// - local write to painted: in a notebook of 10,000 entries open in the real notebook page,
//   from a write through the mutate API as the editor makes it (putEntry, then the push nudge)
//   to the first frame painted after the entry list shows it (the task after that frame's
//   requestAnimationFrame), p50 and p95 of 200 writes, against a bare Lit list re-rendering the
//   same change (no Dexie, no liveQuery) in the same page.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Cookie, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer, type RunningServer } from '../e2e/fixtures/server';
import { storedEntryCount } from '../e2e/support/storedEntries';
import { median, type Bench, type BenchRow } from './types';
import { uuidv7 } from './uuidv7.mjs';

const ENTRIES = 100_000;
/** The notebook and the number of writes of the write-to-painted figure. */
const PAINT_ENTRIES = 10_000;
const PAINT_WRITES = 200;
const PUSH_BATCH = 500;
const PAGE = 2000;
/** Initial sync: the median of this many rounds (BENCH_ROUNDS; 0 skips it), each in a fresh profile. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_PROFILE=<dir>: write a CPU profile of the app page's main thread per round there. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const BODY = 'Low water at the north jetty; '.repeat(14).slice(0, 400);

function fields(i: number) {
  return {
    title: `Survey point ${i} — tide gauge reading`,
    body: `${i} ${BODY}`,
    tags: ['survey', `zone-${i % 12}`],
    done: i % 4 === 0,
  };
}

async function seed(server: RunningServer, page: Page, entries = ENTRIES): Promise<string> {
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
  for (let start = 0; start < entries; start += PUSH_BATCH) {
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

/** The long tasks (> 50 ms) since `from`; each is logged with its start after `from`. */
async function countLongTasks(page: Page, from: number, what: string): Promise<number> {
  const tasks = await page.evaluate(
    (since) =>
      (window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(
        ([start, duration]) => start >= since && duration > 50,
      ),
    from,
  );
  if (tasks.length > 0) {
    const listed = tasks
      .slice(0, 10)
      .map(([start, duration]) => `+${Math.round(start - from)} ms (${Math.round(duration)} ms)`);
    console.error(`    ${what} long tasks: ${listed.join(', ')}${tasks.length > 10 ? ', …' : ''}`);
  }
  return tasks.length;
}

/** Waits until this profile's database holds `entries` entries (the app's download is done). */
async function waitForEntries(page: Page, entries: number): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  let count = 0;
  while ((count = await storedEntryCount(page)) < entries) {
    if (Date.now() > deadline) throw new Error(`initial sync stalled at ${count} entries`);
    await page.waitForTimeout(250);
  }
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

interface Round {
  appRate: number;
  rawRate: number;
  appLongTasks: number;
  rawLongTasks: number;
}

/** One raw bulkPut and one first download of the notebook, each in a fresh browser profile. */
async function measureRound(
  browser: Browser,
  server: RunningServer,
  notebookId: string,
  cookies: Cookie[],
): Promise<Round> {
  // Baseline: raw Dexie bulkPut on the main thread of a page of the same origin.
  const rawContext = await browser.newContext();
  await rawContext.addInitScript(LONG_TASKS);
  const rawPage = await rawContext.newPage();
  await rawPage.goto(`${server.baseURL}/bench/raw-dexie.html`);
  await rawPage.waitForFunction(() => 'rawBulkPut' in window);
  const raw = await rawPage.evaluate(
    ([total, size]) =>
      (
        window as unknown as {
          rawBulkPut: (t: number, p: number) => Promise<{ elapsed: number; startedAt: number }>;
        }
      ).rawBulkPut(total, size),
    [ENTRIES, PAGE] as const,
  );
  const rawLongTasks = await countLongTasks(rawPage, raw.startedAt, 'raw');
  await rawContext.close();

  // The app, signed in as the notebook's owner: open the notebook; its first download runs in
  // the sync worker.
  const context = await browser.newContext();
  await context.addCookies(cookies);
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/settings`);
  const profiler = PROFILE_DIR ? await context.newCDPSession(page) : undefined;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  const started = Date.now();
  await page.goto(`${server.baseURL}/notebooks/${notebookId}`);
  const navigationStart = await page.evaluate(() => performance.now());
  await waitForEntries(page, ENTRIES);
  const elapsed = Date.now() - started;
  if (profiler && PROFILE_DIR) {
    // A second after the last entry landed, so the page's work at the end is in it.
    await page.waitForTimeout(1000);
    const { profile } = await profiler.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `app-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`    CPU profile: ${file}`);
  }
  const appLongTasks = await countLongTasks(
    page,
    Math.max(0, navigationStart - (Date.now() - started)),
    'app',
  );
  await context.close();
  return {
    appRate: ENTRIES / (elapsed / 1000),
    rawRate: ENTRIES / (raw.elapsed / 1000),
    appLongTasks,
    rawLongTasks,
  };
}

/**
 * Builds /bench/paint.html from the app's own modules: the real notebook page over the app's
 * database, the mutate API, and a bare Lit list for the baseline. `measure(kind, writes)` runs
 * in the page and returns each write's time to painted, in ms.
 */
async function buildPaintPage(staticDir: string): Promise<void> {
  // Inside the project, so the harness's own imports ('lit') resolve to its node_modules.
  mkdirSync(join(process.cwd(), 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'node_modules/.cache/tideline-bench-paint-'));
  const src = join(process.cwd(), 'src');
  try {
    writeFileSync(
      join(dir, 'paint.html'),
      '<script type="module" src="./paint.ts"></script><main id="root"></main>',
    );
    writeFileSync(
      join(dir, 'paint.ts'),
      `import { LitElement, html } from 'lit';
       import ${JSON.stringify(join(src, 'pages/tl-notebook-page.ts'))};
       import { getDb } from ${JSON.stringify(join(src, 'db/db.ts'))};
       import { notifyLocalWrite } from ${JSON.stringify(join(src, 'state/sync.ts'))};
       import { putEntry } from ${JSON.stringify(join(src, 'sync/mutate.ts'))};

       /** The baseline: a list of the rows on screen, re-rendered by setting a property. */
       class BareList extends LitElement {
         static properties = { rows: { attribute: false } };
         // Declared, not initialised as a field: a class field would hide Lit's accessor.
         declare rows: { id: string; title: string; body: string }[];
         constructor() {
           super();
           this.rows = [];
         }
         render() {
           return html\`<ul role="list">\${this.rows.map(
             (row) => html\`<li><a href=\${'#' + row.id}>\${row.title}</a><p>\${row.body}</p></li>\`,
           )}</ul>\`;
         }
       }
       customElements.define('bare-list', BareList);

       const root = document.getElementById('root')!;
       const body = 'Low water at the north jetty; '.repeat(6);

       /** Resolves once the text is in the tree under 'node' (checked after every DOM change). */
       function shown(node: Node, text: string): Promise<void> {
         return new Promise((resolve) => {
           if (node.textContent?.includes(text)) return resolve();
           const observer = new MutationObserver(() => {
             if (!node.textContent?.includes(text)) return;
             observer.disconnect();
             resolve();
           });
           observer.observe(node, { subtree: true, childList: true, characterData: true });
         });
       }

       /** The time of the first task after the next frame is painted. */
       function painted(): Promise<number> {
         return new Promise((resolve) =>
           requestAnimationFrame(() => {
             const channel = new MessageChannel();
             channel.port1.onmessage = () => resolve(performance.now());
             channel.port2.postMessage(null);
           }),
         );
       }

       const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

       async function listRoot(notebookId: string): Promise<ShadowRoot> {
         const page = document.createElement('tl-notebook-page');
         page.notebookId = notebookId;
         root.replaceChildren(page);
         for (;;) {
           const list = page.shadowRoot?.querySelector('tl-entry-list');
           if (list?.shadowRoot?.querySelector('[data-testid="entry-row"]')) return list.shadowRoot;
           await frame();
         }
       }

       (window as any).measurePaint = async (kind: 'app' | 'bare', notebookId: string, writes: number) => {
         const times: number[] = [];
         if (kind === 'app') {
           const list = await listRoot(notebookId);
           for (let i = 0; i < writes; i++) {
             const title = 'Painted write ' + i + ' ' + crypto.randomUUID();
             const started = performance.now();
             // The frame is asked for as soon as the row is in the tree, which may be before
             // putEntry resolves: waiting for the write first would time its commit instead.
             const paint = shown(list, title).then(painted);
             await putEntry(getDb(), notebookId, undefined, { title, body });
             notifyLocalWrite();
             times.push((await paint) - started);
             await frame();
           }
         } else {
           const list = document.createElement('bare-list') as BareList;
           list.rows = Array.from({ length: 30 }, (_, i) => ({ id: String(i), title: 'Row ' + i, body }));
           root.replaceChildren(list);
           await list.updateComplete;
           for (let i = 0; i < writes; i++) {
             const title = 'Painted write ' + i + ' ' + crypto.randomUUID();
             const started = performance.now();
             const paint = shown(list.shadowRoot!, title).then(painted);
             list.rows = [{ id: crypto.randomUUID(), title, body }, ...list.rows.slice(0, 29)];
             times.push((await paint) - started);
             await frame();
           }
         }
         return times;
       };`,
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
        emptyOutDir: false,
        rollupOptions: { input: join(dir, 'paint.html') },
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * Write to painted: a fresh profile (no service worker, which would answer the harness page's
 * navigation with the app shell) downloads a 10,000-entry notebook through the app, then the
 * harness page times writes in the real notebook page and in the bare list.
 */
async function measurePaint(browser: Browser, server: RunningServer): Promise<BenchRow[]> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
    console.error(`  seeding ${PAINT_ENTRIES} entries for write-to-painted…`);
    const notebookId = await seed(server, page, PAINT_ENTRIES);
    await page.goto(`${server.baseURL}/notebooks/${notebookId}`);
    await waitForEntries(page, PAINT_ENTRIES);
    await page.goto(`${server.baseURL}/bench/paint.html`);
    await page.waitForFunction(() => 'measurePaint' in window);
    const measure = (kind: 'app' | 'bare') =>
      page.evaluate(
        ([kind, id, writes]) =>
          (
            window as unknown as {
              measurePaint: (k: string, n: string, w: number) => Promise<number[]>;
            }
          ).measurePaint(kind, id, writes),
        [kind, notebookId, PAINT_WRITES] as const,
      );
    const bare = await measure('bare');
    const app = await measure('app');
    console.error(
      `  write to painted: app p50 ${percentile(app, 50).toFixed(1)} ms, p95 ${percentile(app, 95).toFixed(1)} ms; bare list p50 ${percentile(bare, 50).toFixed(1)} ms, p95 ${percentile(bare, 95).toFixed(1)} ms`,
    );
    return [50, 95].map((p) => ({
      scenario: `local write to painted, p${p} (${PAINT_ENTRIES.toLocaleString('en')} entries, ${PAINT_WRITES} writes)`,
      figure: percentile(app, p),
      baseline: percentile(bare, p),
      unit: 'ms',
      baselineName: 'bare Lit list, same change',
    }));
  } finally {
    await context.close();
  }
}

/** The initial-sync rows: ROUNDS rounds over one seeded notebook, the median round reported. */
async function measureInitialSync(browser: Browser, server: RunningServer): Promise<BenchRow[]> {
  const seeding = await browser.newContext();
  const seedPage = await seeding.newPage();
  console.error(`  seeding ${ENTRIES} entries…`);
  const notebookId = await seed(server, seedPage);
  const { cookies } = await seeding.storageState();
  await seeding.close();

  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    rounds.push(await measureRound(browser, server, notebookId, cookies));
    const last = rounds.at(-1)!;
    console.error(
      `  round ${round}: app ${last.appRate.toFixed(0)} entries/s, raw ${last.rawRate.toFixed(0)} entries/s (${(last.appRate / last.rawRate).toFixed(2)}×), long tasks ${last.appLongTasks} vs ${last.rawLongTasks}`,
    );
  }
  // The round with the median ratio gives the row, so the table's ratio is that median.
  const byRatio = [...rounds].sort((x, y) => x.appRate / x.rawRate - y.appRate / y.rawRate);
  const middle = byRatio[Math.floor(byRatio.length / 2)]!;
  const ratios = byRatio.map((round) => (round.appRate / round.rawRate).toFixed(2));
  console.error(`  ratios over ${ROUNDS} rounds: ${ratios.join(', ')}×`);
  return [
    {
      scenario: `initial sync, ${ENTRIES.toLocaleString('en')} entries (worker, median of ${ROUNDS})`,
      figure: middle.appRate,
      baseline: middle.rawRate,
      unit: 'entries/s',
      baselineName: 'raw Dexie bulkPut, same browser',
    },
    {
      scenario: `main-thread long tasks > 50 ms during it (most in ${ROUNDS})`,
      figure: Math.max(...rounds.map((round) => round.appLongTasks)),
      baseline: median(rounds.map((round) => round.rawLongTasks)),
      unit: 'tasks',
      baselineName: 'raw bulkPut on the main thread',
    },
  ];
}

export const bench: Bench = {
  name: 'client sync',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildRawDexiePage(staticDir);
    await buildPaintPage(staticDir);
    const server = await startServer({ staticDir, env: { LOG_LEVEL: 'error' } });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    try {
      const rows = ROUNDS > 0 ? await measureInitialSync(browser, server) : [];
      return [...rows, ...(await measurePaint(browser, server))];
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
