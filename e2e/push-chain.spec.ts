// The whole Web Push chain, nothing stubbed: Tideline's server (push delivery on, the local push
// service trusted as a loopback push service) → the local push service (VAPID checked against
// the server's key, payload decrypted with http_ece) → CDP → the service worker, which pulls and
// names the change. Two people share a notebook; Mo enables alerts and closes every page; Ana
// adds an entry; Mo's worker shows "Ana …" within a couple of seconds. Ana's own device, the one
// that made the change, is not poked.
import {
  expect as baseExpect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import {
  expect,
  grantBackgroundPermissions,
  pushTest,
  startServer,
  TestPushManager,
  waitForController,
  type LocalPushService,
  type PushForwarder,
  type RunningServer,
  type TestSubscription,
} from './fixtures';
import { addEntries, openNotebook } from './fixtures/team';
import { joinAnasNotebook, workerOf } from './support/alerts';

const test = pushTest.extend<object, { server: RunningServer }>({
  server: [
    async ({ pushService }, use) => {
      const server = await startServer({
        env: { PUSH_ALLOW_LOOPBACK: '1', NODE_EXTRA_CA_CERTS: pushService.caFile },
      });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

interface ShownNotification {
  title: string;
  body: string;
  timestamp: number;
}

async function notificationsOf(context: BrowserContext): Promise<ShownNotification[]> {
  const worker = await workerOf(context);
  return worker.evaluate(async () => {
    const scope = globalThis as unknown as { registration: ServiceWorkerRegistration };
    // `timestamp` (when it was shown) is in Chromium, not in TypeScript's DOM types.
    const shown = (await scope.registration.getNotifications()) as (Notification & {
      timestamp: number;
    })[];
    return shown.map(({ title, body, timestamp }) => ({ title, body, timestamp }));
  });
}

/** Settings → "Enable alerts", as a person does; resolves with the device's subscription. */
async function enableAlerts(page: Page, push: TestPushManager): Promise<TestSubscription> {
  await page.goto('/settings');
  await waitForController(page);
  const alerts = page.getByTestId('alerts');
  await alerts.getByRole('button', { name: 'Enable alerts' }).click();
  await expect(alerts.locator('[data-state="on"]')).toBeVisible();
  baseExpect(push.subscription, 'the page subscribed').toBeDefined();
  return push.subscription!;
}

/** Gives another person's context (Ana's) notifications and its own test PushManager. */
async function preparePushFor(
  browser: Browser,
  page: Page,
  baseURL: string,
  service: LocalPushService,
  forwarder: PushForwarder,
): Promise<{ push: TestPushManager; revoke: () => Promise<void> }> {
  const revoke = await grantBackgroundPermissions(browser, page.context(), page, baseURL);
  const push = await TestPushManager.install(page.context(), service, forwarder);
  return { push, revoke };
}

test('Ana’s change reaches Mo’s closed app as a notification naming it; Ana’s device is not poked', async ({
  browser,
  context,
  page,
  server,
  pushService,
  pushForwarder,
  testPush,
  grantBackground,
}) => {
  await grantBackground();
  const { ana, notebookId } = await joinAnasNotebook(browser, page, server.baseURL);
  const key = (await (await page.request.get('/api/push/key')).json()) as { publicKey: string };
  const { push: anaPush, revoke } = await preparePushFor(
    browser,
    ana,
    server.baseURL,
    pushService,
    pushForwarder,
  );
  try {
    const anaSubscription = await enableAlerts(ana, anaPush);
    const moSubscription = await enableAlerts(page, testPush);
    expect(moSubscription.applicationServerKey).toBe(key.publicKey);

    // Mo closes Tideline entirely.
    for (const open of context.pages()) await open.close();

    const beforeWrite = Date.now();
    await addEntries(ana, server.baseURL, notebookId, [{ title: 'Low tide at the pier' }]);
    const afterWrite = Date.now();

    const message = await pushService.waitForMessage(
      (m) => m.subscriptionId === moSubscription.id,
      15_000,
    );
    expect(message.vapidKey).toBe(key.publicKey);
    expect(message.claims?.aud).toBe(pushService.httpsOrigin);
    expect(JSON.parse(message.plaintext!)).toMatchObject({ type: 'poke', notebookId, by: 'Ana' });
    expect(message.ttl).toBeGreaterThan(0);
    expect(message.topic).toBeTruthy();
    expect(message.urgency).toBeTruthy();
    const delivery = await pushForwarder.waitForDelivery((d) => d.message.id === message.id);
    expect(delivery.throughTransientPage).toBe(true);

    await expect
      .poll(() => notificationsOf(context), { timeout: 15_000 })
      .toContainEqual(
        expect.objectContaining({ body: expect.stringMatching(/Ana.*Low tide at the pier/) }),
      );
    const shown = (await notificationsOf(context)).find((n) => n.body.includes('Low tide'))!;
    const timings = {
      writeRequestMs: afterWrite - beforeWrite,
      pushReceivedMs: message.receivedAt - beforeWrite,
      deliveredMs: delivery.deliveredAt - beforeWrite,
      notificationMs: shown.timestamp - beforeWrite,
      notificationAfterWriteResponseMs: shown.timestamp - afterWrite,
    };
    test
      .info()
      .annotations.push({ type: 'push chain timings', description: JSON.stringify(timings) });
    console.log('push chain timings', JSON.stringify(timings));
    // Reported, not asserted (the suite asserts behaviour, not timings); the target is
    // 2 s from the write to the notification.

    // The data is on Mo's device when Mo opens the app.
    const reopened = await context.newPage();
    await openNotebook(reopened, notebookId, 'Trail survey');
    await expect(reopened.getByText('Low tide at the pier')).toBeVisible();

    // Ana's device made the change, so it got no poke. Mo's change now pokes it exactly once:
    // had a poke of Ana's own been queued for it, Mo's would have joined it (changes: 2) or come
    // second.
    await addEntries(reopened, server.baseURL, notebookId, [{ title: 'Gulls nesting' }]);
    const toAna = await pushService.waitForMessage(
      (m) => m.subscriptionId === anaSubscription.id,
      15_000,
    );
    expect(JSON.parse(toAna.plaintext!)).toMatchObject({ notebookId, by: 'Mo', changes: 1 });
    expect(pushService.messages({ subscription: anaSubscription.id })).toHaveLength(1);
    expect(pushService.messages({ subscription: moSubscription.id })).toHaveLength(1);
  } finally {
    await revoke();
  }
});

test('after a (simulated) pushsubscriptionchange the worker re-registers and pokes go to the new endpoint only', async ({
  browser,
  context,
  page,
  server,
  pushService,
  testPush,
  grantBackground,
}) => {
  await grantBackground();
  const { ana, notebookId } = await joinAnasNotebook(browser, page, server.baseURL);
  const old = await enableAlerts(page, testPush);

  // The push service replaces the subscription; the worker's handler subscribes again and tells
  // the server (PUT /api/push/subscription from the worker, with Mo's session).
  const renewed = await testPush.simulateSubscriptionChange(await workerOf(context));
  await page.goto('/settings');
  const renewal = page
    .getByTestId('activity')
    .locator('tr[data-trigger="push"]', { hasText: 'pushsubscriptionchange' });
  await expect(renewal).toContainText('OK');
  for (const open of context.pages()) await open.close();

  await addEntries(ana, server.baseURL, notebookId, [{ title: 'High water mark' }]);
  const message = await pushService.waitForMessage((m) => m.subscriptionId === renewed.id, 15_000);
  expect(JSON.parse(message.plaintext!)).toMatchObject({ notebookId, by: 'Ana' });
  await expect
    .poll(() => notificationsOf(context), { timeout: 15_000 })
    .toContainEqual(expect.objectContaining({ body: expect.stringMatching(/High water mark/) }));
  // The worker's PUT replaced the session's subscription on the server: a second change, too,
  // goes to the renewed endpoint, and the old one (410 at the push service) is never tried.
  await addEntries(ana, server.baseURL, notebookId, [{ title: 'Low water mark' }]);
  await expect
    .poll(() => pushService.messages({ subscription: renewed.id }).length, { timeout: 15_000 })
    .toBe(2);
  expect(pushService.requests().filter((r) => r.subscriptionId === old.id)).toEqual([]);
});
