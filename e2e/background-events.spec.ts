// Background events reach the service worker with no user action: `sync`, `periodicsync` and
// `push` dispatched through CDP are each handled and recorded in Settings' activity log; a push
// shows a notification; a stopped worker is restarted by the next event.
import { expect, test } from './fixtures';
import { newUser, signUpViaApi } from './support/accounts';

test.beforeEach(async ({ grantBackground }) => {
  await grantBackground();
});

test('a sync event is handled and logged', async ({ page, serviceWorker }) => {
  // A sync event runs a real sync, which needs someone signed in.
  await signUpViaApi(page.request, newUser('Ana'));
  await page.goto('/settings');
  await serviceWorker.dispatchSync('tideline-outbox');
  const row = page.getByTestId('activity').locator('tr[data-trigger="sync"]');
  await expect(row).toContainText('tideline-outbox');
  await expect(row).toContainText('OK');
});

test('a periodicsync event is handled and logged', async ({ page, serviceWorker }) => {
  await page.goto('/settings');
  await expect(
    page.getByTestId('capabilities').locator('tr[data-api="periodic-background-sync"]'),
  ).toContainText('Yes');
  await serviceWorker.dispatchPeriodicSync('tideline-refresh');
  const row = page.getByTestId('activity').locator('tr[data-trigger="periodicsync"]');
  await expect(row).toContainText('tideline-refresh');
});

test('a push shows a notification and is logged', async ({ page, serviceWorker }) => {
  await page.goto('/settings');
  // Signed out, the pull fails: the push is still logged and still shows a (quiet) notification.
  await serviceWorker.deliverPush('not a poke');
  const row = page.getByTestId('activity').locator('tr[data-trigger="push"]');
  await expect(row).toContainText('Failed');
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({
          tag: n.tag,
          silent: n.silent,
        }));
      }),
    )
    .toEqual([{ tag: 'tideline-quiet', silent: true }]);
});

test('a stopped service worker is started again by the next event', async ({
  page,
  serviceWorker,
}) => {
  await page.goto('/settings');
  await expect.poll(() => serviceWorker.activeRunningStatus()).toBe('running');
  const beforeStop = serviceWorker.mark();
  await serviceWorker.stopAllWorkers();
  // The page may wake the worker again at once (a message, a fetch), so look for the stop in the
  // reported history rather than in the latest status.
  await expect.poll(() => serviceWorker.reportedSince(beforeStop, 'stopped')).toBe(true);
  await serviceWorker.dispatchSync('after-stop');
  await expect(page.getByTestId('activity')).toContainText('after-stop');
  await expect.poll(() => serviceWorker.activeRunningStatus()).toBe('running');
});
