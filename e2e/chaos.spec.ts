// The chaos suite CI runs: a fixed list of seeds of the chaos harness (e2e/chaos/harness.ts), each
// 40 steps of writes, offline spells, reloads, closed apps, stopped workers, background events,
// server restarts and network faults, then a heal and the invariants: nothing lost, nothing
// applied twice, every device equal to the server, history complete, versions gap-free.
// A seed that once found a defect stays in this list with a comment naming it. Attachment seeds
// add the attach step: every file attached under the faults ends on the server exactly once,
// stored, with the bytes attached, and every device's upload finished.
// Longer runs: `npm run chaos -- --seeds 200`.
import { expect, test } from '@playwright/test';
import { runChaos, setNetwork } from './chaos/harness';
import { test as appTest } from './fixtures';

const STEPS = 40;
const SEEDS = [
  1, 2, 3,
  // Going offline right after the device's service worker was stopped: the harness waited for
  // ever on context.setOffline (a stopped worker answers only once it runs again). Whether a
  // replay hits it depends on timing; the last test in this file reproduces it every time.
  14,
];

const ATTACHMENT_SEEDS = [1];

test.describe('chaos seeds', () => {
  test.describe.configure({ mode: 'serial' });

  for (const seed of SEEDS) {
    test(`chaos seed ${seed} converges with nothing lost or doubled`, async ({ browser }) => {
      test.setTimeout(240_000);
      const result = await runChaos(browser, seed, STEPS);
      const report = [
        `replay: npm run chaos -- --seeds 1 --steps ${STEPS} --first-seed ${seed}`,
        ...result.log,
        ...result.failures.map((failure) => `✗ ${failure}`),
      ].join('\n');
      expect(result.failures, report).toEqual([]);
      expect(result.mutations.checked, report).toBeGreaterThan(0);
    });
  }

  for (const seed of ATTACHMENT_SEEDS) {
    test(`chaos seed ${seed} with attachments: every file stored once, bytes intact`, async ({
      browser,
    }) => {
      test.setTimeout(240_000);
      const result = await runChaos(browser, seed, STEPS, { attachments: true });
      const report = [
        `replay: npm run chaos -- --seeds 1 --steps ${STEPS} --first-seed ${seed} --attachments`,
        ...result.log,
        ...result.failures.map((failure) => `✗ ${failure}`),
      ].join('\n');
      expect(result.failures, report).toEqual([]);
      expect(result.attachments.attached, report).toBeGreaterThan(0);
      expect(result.attachments.stored, report).toBeGreaterThan(0);
    });
  }
});

appTest(
  'the harness takes a device offline and online while its service worker is stopped',
  async ({ page, context, serviceWorker }) => {
    // What seeds 14 and 34 hit: context.setOffline waited for ever on a stopped worker.
    const origin = new URL(page.url()).origin;
    // No page of the app open, so nothing but the harness starts the worker again.
    await page.goto('about:blank');
    for (const offline of [true, false]) {
      // The browser may start the worker again at once (a sync it had registered, say): stop it
      // until it stays stopped. Without the harness's fix, setNetwork then never returns.
      await expect
        .poll(async () => {
          await serviceWorker.stopAllWorkers();
          return serviceWorker.activeRunningStatus();
        })
        .toBe('stopped');
      await setNetwork({ context, driver: serviceWorker, offline }, origin);
      expect(await page.evaluate(() => navigator.onLine)).toBe(!offline);
    }
  },
);
