// A teammate's change, as the other person sees it: Ana saves an entry's new title (Ctrl+S in the
// editor, which writes at once), and the time until Ben's open notebook page paints it, over
// loopback, against the loopback round trip of a request from Ben's page to the same server
// (median of ROUNDS each). Both pages run in one browser, so one clock times both ends: the
// start is read in Ana's page as the key goes down, the end in Ben's page on the first animation
// frame whose DOM holds the new title.
import { rmSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { waitForController } from '../e2e/fixtures/serviceWorker';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
} from '../e2e/fixtures/team';
import { median, type Bench, type BenchRow } from './types';

const ROUNDS = 15;

/** Resolves with the time (Date.now(), ms) of the first frame whose DOM, shadow roots included, shows `text`. */
// Written as source text: tsx would wrap named functions in a helper the page does not have.
const SEEN_AT = `(wanted) => new Promise((resolve, reject) => {
  const shows = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot && shows(element.shadowRoot)) return true;
      if (element.childElementCount === 0 && element.textContent === wanted) return true;
    }
    return false;
  };
  const limit = Date.now() + 15000;
  const check = () => {
    if (shows(document)) resolve(Date.now());
    else if (Date.now() > limit) reject(new Error('"' + wanted + '" never showed'));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/** The time (Date.now(), ms) of the first frame whose DOM, shadow roots included, shows `text`. */
function seenAt(page: Page, text: string): Promise<number> {
  return page.evaluate(`(${SEEN_AT})(${JSON.stringify(text)})`) as Promise<number>;
}

async function roundTrip(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const started = performance.now();
    const response = await fetch('/api/auth/session', { cache: 'no-store' });
    await response.arrayBuffer();
    return performance.now() - started;
  });
}

export const bench: Bench = {
  name: 'teammate latency',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    const server = await startServer({ staticDir });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    try {
      const baseURL = server.baseURL;
      const anaContext = await browser.newContext({ baseURL });
      const benContext = await browser.newContext({ baseURL });
      const ana = await anaContext.newPage();
      const ben = await benContext.newPage();
      await ana.goto('/');
      await ben.goto('/');
      await signUp(ana, baseURL, 'Ana');
      await signUp(ben, baseURL, 'Ben');
      const notebookId = await createNotebook(ana, baseURL, 'Tide log');
      const [entryId] = await addEntries(ana, baseURL, notebookId, [{ title: 'Round 0' }]);
      await shareNotebook(ana, ben, baseURL, notebookId);
      await waitForController(ben);
      await openNotebook(ben, notebookId, 'Tide log');
      await ana.goto(`/notebooks/${notebookId}/entries/${entryId}`);
      const title = ana.getByLabel('Title', { exact: true });
      await title.waitFor();
      await ana.evaluate(() => {
        window.addEventListener(
          'keydown',
          (event) => {
            if (event.ctrlKey && event.key === 's') {
              (window as unknown as { savedAt: number }).savedAt = Date.now();
            }
          },
          { capture: true },
        );
      });

      const latencies: number[] = [];
      for (let round = 1; round <= ROUNDS + 1; round++) {
        const text = `Round ${round}`;
        await title.fill(text);
        const seen = seenAt(ben, text);
        await title.press('Control+s');
        const shownAt = await seen;
        const savedAt = await ana.evaluate(
          () => (window as unknown as { savedAt: number }).savedAt,
        );
        // The first round warms the pages up.
        if (round > 1) latencies.push(shownAt - savedAt);
        await ben.waitForTimeout(300);
      }
      const trips: number[] = [];
      for (let i = 0; i < ROUNDS; i++) trips.push(await roundTrip(ben));
      const sorted = [...latencies].sort((a, b) => a - b);
      console.error(`teammate latency samples (ms): ${sorted.join(', ')}`);
      return [
        {
          scenario: `teammate's saved change painted on another open device, p50 of ${ROUNDS}`,
          figure: median(latencies),
          baseline: median(trips),
          unit: 'ms',
          baselineName: 'loopback round trip from the page, GET /api/auth/session',
        },
      ];
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
