// The activity log after a few busy days, read on a phone: saves and opens while the app was open
// fold into one line a day, background runs are charted per day and listed in plain words, event
// tags and timings wait behind "Details", and the page stays short however much was logged.
import { expect, test, waitForController } from './fixtures';
import { newUser, signUpViaApi } from './support/accounts';

test.use({ viewport: { width: 390, height: 844 } });

const HOUR = 60 * 60 * 1000;

test('a busy week of activity reads in plain words and keeps Settings short', async ({ page }) => {
  await signUpViaApi(page.request, newUser('Ivy'));
  await page.goto('/');
  await waitForController(page);
  // Three days of use, as the app itself logs it: 150 saves today, an open each day, background
  // deliveries and alerts, one failed.
  await page.evaluate(async (hour) => {
    // Spread over each day so far, whatever the time of day the test runs at.
    const now = Date.now();
    const midnight = new Date(now).setHours(0, 0, 0, 0);
    const at = (day: number, fraction: number) =>
      day === 0
        ? Math.floor(midnight + (now - midnight) * fraction)
        : midnight - day * 24 * hour + Math.floor(24 * hour * fraction);
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 150; i += 1) {
      rows.push({
        trigger: 'local-write',
        tag: 'local-write',
        startedAt: at(0, (i + 1) / 160),
        durationMs: 24,
        outcome: 'ok',
        detail: 'Sent 1 change, received 0',
        pushed: 1,
        pulled: 0,
      });
    }
    for (let day = 0; day < 3; day += 1) {
      rows.push({
        trigger: 'foreground',
        tag: 'foreground',
        startedAt: at(day, 0.3),
        durationMs: 40,
        outcome: 'ok',
        detail: 'Sent 0 changes, received 4',
        pushed: 0,
        pulled: 4,
      });
      rows.push({
        trigger: 'sync',
        tag: 'workbox-background-sync:tideline-outbox',
        startedAt: at(day, 0.2),
        durationMs: 80,
        outcome: 'ok',
        detail: 'Sent 3 changes, received 0',
        pushed: 3,
        pulled: 0,
      });
    }
    rows.push({
      trigger: 'push',
      tag: 'poke Trail survey',
      startedAt: at(0, 0.1),
      durationMs: 30,
      outcome: 'error',
      detail: 'Tideline can’t reach the server.',
      error: 'offline',
    });
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('tideline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('activity', 'readwrite');
        for (const row of rows) tx.objectStore('activity').add(row);
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, HOUR);

  await page.goto('/settings');
  const log = page.getByTestId('activity');
  const today = log.locator('tr[data-trigger="folded"]').first();
  await expect(today).toContainText(/15\d quick syncs while the app was open/);
  await expect(log.locator('tr[data-trigger="sync"]').first()).toContainText(
    'Sent your changes in the background',
  );
  await expect(log.locator('tr[data-trigger="push"]')).toContainText(
    'Failed: Tideline can’t reach the server.',
  );
  // Nothing an engineer would say is in sight until asked for.
  const visible = await page
    .locator('tl-activity-log')
    .evaluate((element) =>
      [...element.shadowRoot!.querySelectorAll('td, figcaption')]
        .map((cell) => (cell as HTMLElement).innerText)
        .join('\n'),
    );
  expect(visible).not.toMatch(/workbox|tideline-outbox|\d+ ms|OK in|local-write/);
  const sync = log.locator('tr[data-trigger="sync"]').first();
  await sync.getByText('Details').click();
  await expect(sync.locator('details p')).toHaveText(
    /event workbox-background-sync:tideline-outbox; OK in 80 ms/,
  );

  const chart = page.getByTestId('activity-chart');
  await expect(chart).toContainText('4 background runs in the last 7 days, 1 failed.');
  await expect(chart.getByRole('img')).toHaveAccessibleName(/today 2 \(1 failed\)\.$/);

  // Bounded: 156 runs logged, a handful of lines shown, and the log fits a few screens.
  expect(await log.locator('tbody tr').count()).toBeLessThanOrEqual(20);
  const height = await page
    .locator('tl-activity-log')
    .evaluate((element) => element.getBoundingClientRect().height);
  expect(height).toBeLessThan(2 * 844);
});
