// App-shell figure: navigation → first contentful paint of the shell offline (from the service
// worker's cache) against a blank page served by the same server. Medians of several runs. What
// a first visit downloads is measured from the network log in firstVisit.bench.ts.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { waitForController } from '../e2e/fixtures/serviceWorker';
import { median, type Bench, type BenchRow } from './types';

const RUNS = 7;

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
    const paint = await paintTimes();
    return [
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
