// App-shell figures: first-load JavaScript (gzip) against a bare Lit page built by the same Vite,
// and navigation → first contentful paint of the shell offline (from the service worker's cache)
// against a blank page served by the same server. Medians of several runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { waitForController } from '../e2e/fixtures/serviceWorker';
import { median, type Bench, type BenchRow } from './types';

const RUNS = 7;

/** Gzip bytes of the JavaScript a first visit loads: module scripts and their preloads. */
function firstLoadJsGzip(distDir: string): number {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1] as string);
  return urls.reduce((sum, url) => sum + gzipSync(readFileSync(join(distDir, url))).length, 0);
}

async function bareLitBundle(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tideline-bench-lit-'));
  try {
    writeFileSync(
      join(dir, 'index.html'),
      '<script type="module" src="./main.ts"></script><x-hello></x-hello>',
    );
    writeFileSync(
      join(dir, 'main.ts'),
      `import { LitElement, html } from 'lit';
       class Hello extends LitElement { render() { return html\`<h1>Hello</h1>\`; } }
       customElements.define('x-hello', Hello);`,
    );
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { lit: join(process.cwd(), 'node_modules/lit/index.js') } },
      build: { outDir: join(dir, 'dist'), target: 'es2022' },
    });
    return firstLoadJsGzip(join(dir, 'dist'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function firstContentfulPaint(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) {
            observer.disconnect();
            resolve(entry.startTime);
          }
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}

async function paintTimes(): Promise<{ app: number; blank: number }> {
  const staticDir = copyBuiltApp();
  writeFileSync(join(staticDir, 'blank.html'), '<!doctype html><title>blank</title><p>Blank</p>');
  const server = await startServer({ staticDir });
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
  });
  try {
    const blankContext = await browser.newContext();
    const blankPage = await blankContext.newPage();
    const blank: number[] = [];
    for (let i = 0; i < RUNS; i++)
      blank.push(await firstContentfulPaint(blankPage, `${server.baseURL}/blank.html`));
    await blankContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.baseURL);
    await waitForController(page);
    await context.setOffline(true);
    const app: number[] = [];
    for (let i = 0; i < RUNS; i++)
      app.push(await firstContentfulPaint(page, `${server.baseURL}/notebooks`));
    await context.close();
    return { app: median(app), blank: median(blank) };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: 'app shell',
  async run(): Promise<BenchRow[]> {
    const appJs = firstLoadJsGzip(join(process.cwd(), 'dist'));
    const litJs = await bareLitBundle();
    const paint = await paintTimes();
    return [
      {
        scenario: 'first-load JS, gzip',
        figure: appJs / 1024,
        baseline: litJs / 1024,
        unit: 'KB',
        baselineName: 'bare Lit page',
      },
      {
        scenario: `offline shell first paint (median of ${RUNS})`,
        figure: paint.app,
        baseline: paint.blank,
        unit: 'ms',
        baselineName: 'blank page, same server',
      },
    ];
  },
};
