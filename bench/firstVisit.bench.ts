// What a first visit costs, as the browser sees it, against a bare Lit page built by the same
// Vite, compressed by the same build step and served by the same server, measured the same way:
// - JavaScript on the wire: the encoded bytes (headers included, as the network log counts them)
//   of every script the page fetched before it went idle, from Chromium's network log;
// - main-thread tasks over 50 ms from navigation until then;
// - Lighthouse (mobile profile, default throttling) in Debian's Chromium: performance,
//   accessibility and best-practices scores, FCP, LCP and TBT.
// Each visit is a fresh browser profile: a cold cache, nobody signed in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { median, type Bench, type BenchRow } from './types';

const RUNS = 3;
const BARE_PATH = '/bare-lit/';

/** Builds the bare Lit page into `<staticDir>/bare-lit/`, compressed like the app. */
async function buildBareLitPage(staticDir: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tideline-bench-lit-'));
  try {
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width">' +
        '<meta name="description" content="A bare Lit page"><title>Bare Lit</title>' +
        '<script type="module" src="./main.ts"></script><x-hello></x-hello></html>',
    );
    writeFileSync(
      join(dir, 'main.ts'),
      `import { LitElement, html } from 'lit';
       class Hello extends LitElement { render() { return html\`<h1>Hello</h1>\`; } }
       customElements.define('x-hello', Hello);`,
    );
    const outDir = join(staticDir, 'bare-lit');
    mkdirSync(outDir, { recursive: true });
    await build({
      root: dir,
      base: BARE_PATH,
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { lit: join(process.cwd(), 'node_modules/lit/index.js') } },
      build: { outDir, target: 'es2022', emptyOutDir: true },
    });
    execFileSync(process.execPath, ['scripts/precompress.mjs', outDir, join(dir, 'maps')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Visit {
  scriptBytes: number;
  longTasks: number;
}

/** A cold visit: script bytes on the wire and long tasks until the network and thread are idle. */
async function coldVisit(url: string): Promise<Visit> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const state = window as unknown as { longTasks: number };
      state.longTasks = 0;
      new PerformanceObserver((list) => {
        state.longTasks += list.getEntries().filter((entry) => entry.duration > 50).length;
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const scripts = new Set<string>();
    let bytes = 0;
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.type === 'Script') scripts.add(event.requestId);
    });
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') scripts.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (scripts.has(event.requestId)) bytes += event.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.evaluate(
      () =>
        new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 5000 })),
    );
    const longTasks = await page.evaluate(
      () => (window as unknown as { longTasks: number }).longTasks,
    );
    return { scriptBytes: bytes, longTasks };
  } finally {
    await browser.close();
  }
}

interface LighthouseFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcp: number;
  lcp: number;
  tbt: number;
}

async function runLighthouse(url: string): Promise<LighthouseFigures> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumExecutable() ?? chromium.executablePath(),
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits } = result.lhr;
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const ms = (id: string) => audits[id]?.numericValue ?? NaN;
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      fcp: ms('first-contentful-paint'),
      lcp: ms('largest-contentful-paint'),
      tbt: ms('total-blocking-time'),
    };
  } finally {
    chrome.kill();
  }
}

function medianBy<T>(items: T[], pick: (item: T) => number): number {
  return median(items.map(pick));
}

export const bench: Bench = {
  name: 'first visit',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildBareLitPage(staticDir);
    const server = await startServer({ staticDir });
    const app = `${server.baseURL}/`;
    const bare = `${server.baseURL}${BARE_PATH}`;
    try {
      const appVisits: Visit[] = [];
      const bareVisits: Visit[] = [];
      for (let i = 0; i < RUNS; i++) {
        appVisits.push(await coldVisit(app));
        bareVisits.push(await coldVisit(bare));
      }
      const appLh: LighthouseFigures[] = [];
      const bareLh: LighthouseFigures[] = [];
      for (let i = 0; i < RUNS; i++) {
        appLh.push(await runLighthouse(app));
        bareLh.push(await runLighthouse(bare));
      }
      const lhRow = (
        scenario: string,
        pick: (figures: LighthouseFigures) => number,
        unit: string,
      ): BenchRow => ({
        scenario: `Lighthouse mobile, ${scenario} (median of ${RUNS})`,
        figure: medianBy(appLh, pick),
        baseline: medianBy(bareLh, pick),
        unit,
        baselineName: 'bare Lit page',
      });
      return [
        {
          scenario: `first-load JS on the wire (median of ${RUNS} cold visits)`,
          figure: medianBy(appVisits, (visit) => visit.scriptBytes) / 1024,
          baseline: medianBy(bareVisits, (visit) => visit.scriptBytes) / 1024,
          unit: 'KB',
          baselineName: 'bare Lit page, same server',
        },
        {
          scenario: `first visit, main-thread tasks > 50 ms until idle (median of ${RUNS})`,
          figure: medianBy(appVisits, (visit) => visit.longTasks),
          baseline: medianBy(bareVisits, (visit) => visit.longTasks),
          unit: 'tasks',
          baselineName: 'bare Lit page',
        },
        lhRow('performance', (figures) => figures.performance, 'points'),
        lhRow('accessibility', (figures) => figures.accessibility, 'points'),
        lhRow('best practices', (figures) => figures.bestPractices, 'points'),
        lhRow('FCP', (figures) => figures.fcp, 'ms'),
        lhRow('LCP', (figures) => figures.lcp, 'ms'),
        lhRow('TBT', (figures) => figures.tbt, 'ms'),
      ];
    } finally {
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
