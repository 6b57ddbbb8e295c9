// Push, with no Tideline page open: a teammate's change and a poke delivered through CDP
// (`ServiceWorker.deliverPushMessage`, as a push service would) make the service worker pull,
// then show a notification naming who changed what, set the badge and log the run. A push that
// finds nothing new still shows a quiet one. Clicking opens the entry; "Mark read" marks the
// notebook read. And Settings' "Enable alerts" subscribes and registers the subscription, or
// explains how to undo blocked notifications; with alerts on, "Alert me about <notebook>" mutes
// or unmutes one notebook on this device.
//
// Clicks are dispatched in the worker (see e2e/support/alerts.ts): CDP cannot click a
// notification. Most tests deliver pokes through CDP directly; the last one runs the whole path
// through Tideline's server and the local push service. The quick Enable-alerts checks stub the
// page's PushManager and the /api/push routes.
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import {
  expect,
  pushTest,
  startServer,
  test,
  TestPushManager,
  type RunningServer,
} from './fixtures';
import {
  badgeLog,
  clickNotification,
  closeNotifications,
  joinAnasNotebook,
  recordBadge,
  shownNotifications,
  storedActivity,
  storedEntries,
  workerOf,
} from './support/alerts';
import { addEntries, createNotebook, signUp, updateEntry } from './fixtures/team';

function poke(notebookId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'poke', notebookId, version: 99, ...extra });
}

test.describe('with notifications allowed', () => {
  test.beforeEach(async ({ grantBackground }) => {
    await grantBackground();
  });

  test('a poke with no page open pulls, names the change, sets the badge; a click opens the entry', async ({
    browser,
    context,
    page,
    serviceWorker,
    server,
  }) => {
    const { ana, notebookId, firstEntryId } = await joinAnasNotebook(browser, page, server.baseURL);
    await updateEntry(ana, server.baseURL, notebookId, firstEntryId, { title: 'Water levels' });
    await recordBadge(context);

    await serviceWorker.deliverPush(poke(notebookId, { by: 'Ana', notebookName: 'Trail survey' }));

    await expect
      .poll(() => shownNotifications(context))
      .toContainEqual({
        title: 'Trail survey',
        body: 'Ana changed “Water levels” in Trail survey',
        tag: `notebook-${notebookId}`,
        silent: false,
        actions: ['open', 'mark-read'],
        data: expect.objectContaining({
          url: `/notebooks/${notebookId}/entries/${firstEntryId}`,
          notebookId,
        }),
      });
    expect(await storedEntries(context, notebookId)).toEqual([
      { id: firstEntryId, title: 'Water levels', unread: true },
    ]);
    await expect.poll(() => badgeLog(context)).toEqual([1]);

    // A click shows the entry in the open Tideline window, through its router.
    await page.goto('/notebooks');
    await clickNotification(context, `notebook-${notebookId}`);
    await expect(page).toHaveURL(`/notebooks/${notebookId}/entries/${firstEntryId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Water levels' })).toBeVisible();
    expect(await shownNotifications(context)).toEqual([]);

    // The activity log has the push run and what it pulled.
    await page.goto('/settings');
    await expect(page.getByTestId('activity').locator('tr[data-trigger="push"]')).toContainText(
      'received 1',
    );
  });

  test('"Mark read" marks the notebook read and clears the badge without opening a window', async ({
    browser,
    context,
    page,
    serviceWorker,
    server,
  }) => {
    const { ana, notebookId } = await joinAnasNotebook(browser, page, server.baseURL);
    await addEntries(ana, server.baseURL, notebookId, [
      { title: 'Gauge 1' },
      { title: 'Gauge 2' },
      { title: 'Gauge 3' },
    ]);
    await recordBadge(context);
    await serviceWorker.deliverPush(poke(notebookId));
    const tag = `notebook-${notebookId}`;
    await expect
      .poll(async () => (await shownNotifications(context)).find((n) => n.tag === tag)?.body)
      .toBe('Ana added 3 entries to Trail survey');
    await expect.poll(() => badgeLog(context)).toEqual([3]);

    await clickNotification(context, tag, 'mark-read');
    await expect.poll(() => badgeLog(context)).toEqual([3, 0]);
    expect((await storedEntries(context, notebookId)).filter((entry) => entry.unread)).toEqual([]);
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
    expect(await shownNotifications(context)).toEqual([]);
  });

  test('a push that finds nothing new, or carries garbage, still shows a quiet notification', async ({
    browser,
    context,
    page,
    serviceWorker,
    server,
  }) => {
    const { notebookId } = await joinAnasNotebook(browser, page, server.baseURL);
    const quiet = {
      title: 'Tideline',
      body: 'Up to date: nothing new from your teammates.',
      tag: 'tideline-quiet',
      silent: true,
      actions: [],
      data: { url: '/notebooks' },
    };
    await serviceWorker.deliverPush(poke(notebookId));
    await expect.poll(() => shownNotifications(context)).toEqual([quiet]);

    await closeNotifications(context);
    await serviceWorker.deliverPush('not a poke at all');
    await expect.poll(() => shownNotifications(context)).toEqual([quiet]);

    // Offline, the pull fails: still one quiet notification, saying so.
    await closeNotifications(context);
    await context.setOffline(true);
    await serviceWorker.deliverPush(poke(notebookId, { by: 'Ana', notebookName: 'Trail survey' }));
    await expect
      .poll(() => shownNotifications(context))
      .toEqual([
        {
          ...quiet,
          body: 'Ana changed Trail survey. Tideline could not reach the server; it will catch up when you open it.',
        },
      ]);
    await context.setOffline(false);

    await page.goto('/settings');
    const rows = page.getByTestId('activity').locator('tr[data-trigger="push"]');
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'Failed' })).toHaveCount(1);
  });

  /** Makes the page's PushManager hand out a fixed subscription (headless has no push service). */
  async function fakePushManager(context: BrowserContext): Promise<void> {
    await context.addInitScript(() => {
      const endpoint = 'https://push.example.test/subscriptions/device-1';
      const subscription = {
        endpoint,
        expirationTime: null,
        toJSON: () => ({
          endpoint,
          expirationTime: null,
          keys: { p256dh: 'BKx1Ux3VXQ6rXgG5mEiDRe0y2hUOUm_h1s5yC6I2bq2M', auth: 'c2VjcmV0LWF1dGg' },
        }),
        unsubscribe: async () => {
          localStorage.removeItem('fake-push-subscribed');
          return true;
        },
      };
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey as ArrayBuffer | ArrayBufferView | undefined;
        localStorage.setItem(
          'fake-push-subscribed',
          JSON.stringify({ userVisibleOnly: options?.userVisibleOnly, keyBytes: key?.byteLength }),
        );
        return subscription as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        return (
          localStorage.getItem('fake-push-subscribed') ? subscription : null
        ) as PushSubscription | null;
      };
    });
  }

  /** Stubs the push routes the server does not have yet; returns the requests they received. */
  async function stubPushRoutes(page: Page): Promise<{ method: string; body: unknown }[]> {
    const received: { method: string; body: unknown }[] = [];
    // A P-256 public key is 65 bytes: 0x04 then x and y.
    const publicKey = Buffer.from([4, ...Array.from({ length: 64 }, (_, i) => i)]).toString(
      'base64url',
    );
    await page.route('**/api/push/key', (route) => route.fulfill({ json: { publicKey } }));
    await page.route('**/api/push/subscription', async (route) => {
      received.push({ method: route.request().method(), body: route.request().postDataJSON() });
      await route.fulfill({ status: 204 });
    });
    return received;
  }

  test('"Enable alerts" subscribes with the server key and registers; "Turn off" removes it', async ({
    context,
    page,
    serviceWorker: _,
  }) => {
    await fakePushManager(context);
    const received = await stubPushRoutes(page);
    await page.goto('/settings');
    const alerts = page.getByTestId('alerts');
    await expect(alerts.locator('[data-state="off"]')).toBeVisible();
    await alerts.getByRole('button', { name: 'Enable alerts' }).click();
    await expect(alerts.locator('[data-state="on"]')).toBeVisible();
    expect(
      JSON.parse((await page.evaluate(() => localStorage.getItem('fake-push-subscribed')))!),
    ).toEqual({ userVisibleOnly: true, keyBytes: 65 });
    expect(received).toEqual([
      {
        method: 'PUT',
        body: {
          subscription: {
            endpoint: 'https://push.example.test/subscriptions/device-1',
            expirationTime: null,
            keys: {
              p256dh: 'BKx1Ux3VXQ6rXgG5mEiDRe0y2hUOUm_h1s5yC6I2bq2M',
              auth: 'c2VjcmV0LWF1dGg',
            },
          },
        },
      },
    ]);

    await page.reload();
    await expect(alerts.locator('[data-state="on"]')).toBeVisible();
    await alerts.getByRole('button', { name: 'Turn off alerts' }).click();
    await expect(alerts.locator('[data-state="off"]')).toBeVisible();
    expect(received.at(-1)).toEqual({
      method: 'DELETE',
      body: { endpoint: 'https://push.example.test/subscriptions/device-1' },
    });
  });

  test('with alerts on, each notebook has "Alert me about …", saved per device on the server', async ({
    baseURL,
    context,
    page,
    serviceWorker: _,
  }) => {
    await fakePushManager(context);
    await stubPushRoutes(page);
    await signUp(page, baseURL!, 'Ana');
    const fieldNotes = await createNotebook(page, baseURL!, 'Field notes');
    const labBook = await createNotebook(page, baseURL!, 'Lab book');
    const muted = async () =>
      ((await (await page.request.get('/api/push/notebooks')).json()) as { muted: string[] }).muted;
    await page.goto('/settings');
    const alerts = page.getByTestId('alerts');
    await alerts.getByRole('button', { name: 'Enable alerts' }).click();
    const labSwitch = alerts.getByRole('checkbox', { name: 'Alert me about Lab book' });
    const fieldSwitch = alerts.getByRole('checkbox', { name: 'Alert me about Field notes' });
    await expect(labSwitch).toBeChecked();
    await expect(fieldSwitch).toBeChecked();

    await labSwitch.uncheck();
    await expect.poll(muted).toEqual([labBook]);
    await page.reload();
    await expect(labSwitch).not.toBeChecked();
    await expect(fieldSwitch).toBeChecked();

    // A save the server refuses shows the new state while it is on its way, then goes back,
    // with the reason. (The refusal is held until the test has seen the switch off.)
    let refuse = () => {};
    const refused = new Promise<void>((resolve) => (refuse = resolve));
    await page.route(`**/api/push/notebooks/${fieldNotes}`, async (route) => {
      await refused;
      await route.fulfill({
        status: 503,
        json: { error: { code: 'unavailable', message: 'The server is busy. Try again soon.' } },
      });
    });
    await fieldSwitch.uncheck();
    await expect(fieldSwitch).not.toBeChecked();
    refuse();
    await expect(alerts.getByRole('alert')).toHaveText(
      'Could not turn alerts off for “Field notes”: The server is busy. Try again soon.',
    );
    await expect(fieldSwitch).toBeChecked();
    expect(await muted()).toEqual([labBook]);
  });

  test('when the server cannot register the subscription, alerts stay off and say why', async ({
    context,
    page,
    serviceWorker: _,
  }) => {
    await fakePushManager(context);
    await stubPushRoutes(page);
    await page.route('**/api/push/subscription', (route) =>
      route.fulfill({
        status: 400,
        json: {
          error: { code: 'invalid-subscription', message: 'That push service is not allowed.' },
        },
      }),
    );
    await page.goto('/settings');
    const alerts = page.getByTestId('alerts');
    await alerts.getByRole('button', { name: 'Enable alerts' }).click();
    await expect(alerts.getByRole('alert')).toHaveText('That push service is not allowed.');
    await expect(alerts.locator('[data-state="off"]')).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('fake-push-subscribed'))).toBeNull();
  });
});

/** Sets notifications to "blocked" for the test's browser context, as a user's refusal does. */
async function blockNotifications(
  browser: Browser,
  context: BrowserContext,
  page: Page,
  origin: string,
): Promise<CDPSession> {
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as {
    targetInfo: { browserContextId?: string };
  };
  await pageSession.detach();
  // The setting lasts as long as this session: the caller detaches it at the end.
  const session = await browser.newBrowserCDPSession();
  await session.send('Browser.setPermission', {
    origin,
    permission: { name: 'notifications' },
    setting: 'denied',
    browserContextId: targetInfo.browserContextId,
  } as never);
  return session;
}

test('with notifications blocked, Settings says so and how to allow them again', async ({
  browser,
  context,
  page,
  server,
}) => {
  await page.goto('/settings');
  const session = await blockNotifications(browser, context, page, server.baseURL);
  try {
    await page.reload();
    const alerts = page.getByTestId('alerts');
    await expect(alerts.locator('[data-state="blocked"]')).toContainText(
      'Notifications are blocked for Tideline',
    );
    await expect(alerts).toContainText('set Notifications to Allow, then reload this page');
    await expect(alerts.getByRole('button', { name: 'Enable alerts' })).toHaveCount(0);
  } finally {
    await session.detach();
  }
});

const OPERATOR_TOKEN = 'operator-token-for-e2e-only';

/** How many push subscriptions the server holds (its operator statistics). */
async function serverSubscriptions(page: Page): Promise<number> {
  const response = await page.request.get('/api/admin/push-stats', {
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { queue: { subscriptions: number } }).queue.subscriptions;
}

/**
 * The whole path with Tideline's server and the local push service (plain HTTP on loopback, which
 * the server accepts only with PUSH_ALLOW_LOOPBACK): the page's PushManager subscribes to it.
 */
const realPushTest = pushTest.extend<object, { server: RunningServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({
        env: { PUSH_ALLOW_LOOPBACK: '1', ADMIN_TOKEN: OPERATOR_TOKEN },
      });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  testPush: async ({ context, pushService, pushForwarder }, use) => {
    await use(
      await TestPushManager.install(context, pushService, pushForwarder, { scheme: 'http' }),
    );
  },
});

realPushTest(
  'Enable alerts, close the app: a teammate’s change arrives by Web Push and is named; a renewed subscription keeps them coming',
  async ({
    browser,
    context,
    grantBackground,
    page,
    pushService,
    server,
    serviceWorker: _,
    testPush,
  }) => {
    await grantBackground();
    const { ana, notebookId } = await joinAnasNotebook(browser, page, server.baseURL);
    await page.goto('/settings');
    const alerts = page.getByTestId('alerts');
    await alerts.getByRole('button', { name: 'Enable alerts' }).click();
    await expect(alerts.locator('[data-state="on"]')).toBeVisible();
    const first = testPush.subscription!;
    expect(await serverSubscriptions(page)).toBe(1);
    await page.goto('about:blank');

    const [rainId] = await addEntries(ana, server.baseURL, notebookId, [{ title: 'Rain gauge' }]);
    const message = await pushService.waitForMessage((m) => m.subscriptionId === first.id);
    expect(JSON.parse(message.plaintext ?? 'null')).toMatchObject({
      type: 'poke',
      notebookId,
      by: 'Ana',
    });
    const tag = `notebook-${notebookId}`;
    // Forwarding wakes the closed app's worker, which pulls before it notifies: on a machine
    // shared with the chaos run that has taken longer than the default 10 s.
    await expect
      .poll(async () => (await shownNotifications(context)).find((n) => n.tag === tag), {
        timeout: 30_000,
      })
      .toMatchObject({
        body: 'Ana added “Rain gauge” to Trail survey',
        data: { url: `/notebooks/${notebookId}/entries/${rainId}` },
      });

    // The push service replaces the subscription; the worker re-subscribes and tells the server.
    const renewed = await testPush.simulateSubscriptionChange(await workerOf(context));
    // The server learns of the new subscription when the worker's renewal is logged.
    await expect
      .poll(async () =>
        (await storedActivity(context)).filter((row) => row.tag === 'pushsubscriptionchange'),
      )
      .toEqual([{ trigger: 'push', tag: 'pushsubscriptionchange', outcome: 'ok' }]);
    await addEntries(ana, server.baseURL, notebookId, [{ title: 'Wind' }]);
    await pushService.waitForMessage((m) => m.subscriptionId === renewed.id, 20_000);
    // Replaced, not added: the server dropped the old endpoint.
    expect(await serverSubscriptions(page)).toBe(1);
    // The newer notification replaces the older one and still counts what was unread there.
    await expect
      .poll(async () => (await shownNotifications(context)).find((n) => n.tag === tag)?.body)
      .toBe('Ana added 2 entries to Trail survey');

    await page.goto('/settings');
    const rows = page.getByTestId('activity').locator('tr[data-trigger="push"]');
    await expect(rows.filter({ hasText: 'pushsubscriptionchange' })).toContainText('OK');
    await expect(rows.filter({ hasText: 'received 1' })).toHaveCount(2);

    // "Turn off" removes the subscription from the server too.
    const alertsAgain = page.getByTestId('alerts');
    await alertsAgain.getByRole('button', { name: 'Turn off alerts' }).click();
    await expect(alertsAgain.locator('[data-state="off"]')).toBeVisible();
    await expect.poll(() => serverSubscriptions(page)).toBe(0);
  },
);
