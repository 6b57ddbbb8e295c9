// The local push service end to end, without Tideline's server: in a test context the page's
// pushManager.subscribe() returns a subscription to the local push service; a message sent to
// it with `web-push` is verified, decrypted and forwarded to the service worker, whose push
// handler shows a notification and logs the push, also when every page is closed.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { Page } from '@playwright/test';
import webpush from 'web-push';
import { expect, pushTest as test, waitForController } from './fixtures';

const vapid = webpush.generateVAPIDKeys();
const vapidDetails = { subject: 'mailto:ops@tideline.example', ...vapid };

/** Subscribes the way the app does: through the page's service-worker registration. */
function subscribeInPage(page: Page, applicationServerKey: string) {
  return page.evaluate(async (key) => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
    const base64url = (buffer: ArrayBuffer | null) =>
      buffer ? btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/=+$/, '') : null;
    const again = await registration.pushManager.getSubscription();
    return {
      json: subscription.toJSON(),
      isPushSubscription: subscription instanceof PushSubscription,
      expirationTime: subscription.expirationTime,
      p256dh: base64url(subscription.getKey('p256dh')),
      auth: base64url(subscription.getKey('auth')),
      applicationServerKey: base64url(subscription.options.applicationServerKey),
      userVisibleOnly: subscription.options.userVisibleOnly,
      againEndpoint: again?.endpoint,
    };
  }, applicationServerKey);
}

const fromBase64url = (value: string) =>
  Buffer.from(value, 'base64url').toString('base64').replace(/=+$/, '');

async function notificationCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).length;
  });
}

test.beforeEach(async ({ grantBackground }) => {
  await grantBackground();
});

test('the page’s pushManager.subscribe returns a subscription to the local push service', async ({
  page,
  serviceWorker,
  testPush,
  pushService,
}) => {
  void serviceWorker;
  const before = await page.evaluate(async () =>
    (await navigator.serviceWorker.ready).pushManager.getSubscription(),
  );
  expect(before).toBeNull();

  const subscribed = await subscribeInPage(page, vapid.publicKey);
  const made = testPush.subscription!;
  expect(subscribed.json).toEqual(made.subscription);
  expect(made.subscription.endpoint.startsWith(`${pushService.httpsOrigin}/push/`)).toBe(true);
  expect(made.applicationServerKey).toBe(vapid.publicKey);
  expect(subscribed).toMatchObject({
    isPushSubscription: true,
    expirationTime: null,
    p256dh: fromBase64url(made.subscription.keys.p256dh),
    auth: fromBase64url(made.subscription.keys.auth),
    applicationServerKey: fromBase64url(vapid.publicKey),
    userVisibleOnly: true,
    againEndpoint: made.subscription.endpoint,
  });

  // A reload keeps the subscription; another key is refused as Chromium refuses it.
  await page.reload();
  expect((await subscribeInPage(page, vapid.publicKey)).json).toEqual(made.subscription);
  const otherKey = webpush.generateVAPIDKeys().publicKey;
  await expect(subscribeInPage(page, otherKey)).rejects.toThrow(/InvalidStateError|different/);

  // Unsubscribing ends it at the push service too.
  const unsubscribed = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    const done = await subscription!.unsubscribe();
    return { done, after: await registration.pushManager.getSubscription() };
  });
  expect(unsubscribed).toEqual({ done: true, after: null });
  const agent = new https.Agent({ ca: pushService.certificatePem });
  await expect(
    webpush.sendNotification(made.subscription, 'late', { vapidDetails, agent }),
  ).rejects.toMatchObject({ statusCode: 410 });
});

test('subscribe needs userVisibleOnly and an applicationServerKey, as in Chromium', async ({
  page,
  serviceWorker,
}) => {
  void serviceWorker;
  const errors = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const attempt = (options: PushSubscriptionOptionsInit) =>
      registration.pushManager.subscribe(options).then(
        () => 'subscribed',
        (error: DOMException) => error.name,
      );
    return [
      await attempt({ applicationServerKey: new Uint8Array(65) }),
      await attempt({ userVisibleOnly: true }),
    ];
  });
  expect(errors).toEqual(['NotAllowedError', 'AbortError']);
});

test('a web-push message reaches the service worker, which notifies and logs it', async ({
  page,
  serviceWorker,
  testPush,
  pushService,
  pushForwarder,
}) => {
  void serviceWorker;
  await subscribeInPage(page, vapid.publicKey);
  const { subscription, id } = testPush.subscription!;
  await page.goto('/settings');
  expect(await notificationCount(page)).toBe(0);

  const agent = new https.Agent({ ca: pushService.certificatePem, keepAlive: true });
  const payload = JSON.stringify({ type: 'poke', notebookId: randomUUID(), version: 1 });
  await webpush.sendNotification(subscription, payload, { vapidDetails, agent, TTL: 60 });
  agent.destroy();

  const message = await pushService.waitForMessage((m) => m.subscriptionId === id);
  expect(message).toMatchObject({ plaintext: payload, vapidKey: vapid.publicKey, ttl: 60 });
  const delivery = await pushForwarder.waitForDelivery((d) => d.message.id === message.id);
  expect(delivery.throughTransientPage).toBe(false);
  await expect(page.getByTestId('activity').locator('tr[data-trigger="push"]')).toHaveCount(1);
  await expect.poll(() => notificationCount(page)).toBe(1);
});

test('a push reaches the service worker while every page is closed', async ({
  page,
  context,
  testPush,
  pushService,
  pushForwarder,
}) => {
  await page.goto('/');
  await waitForController(page);
  await subscribeInPage(page, vapid.publicKey);
  const { subscription, id } = testPush.subscription!;
  for (const open of context.pages()) await open.close();
  expect(context.pages()).toEqual([]);

  const agent = new https.Agent({ ca: pushService.certificatePem });
  const payload = JSON.stringify({ type: 'poke', notebookId: randomUUID(), version: 2 });
  await webpush.sendNotification(subscription, payload, { vapidDetails, agent });
  const message = await pushService.waitForMessage((m) => m.subscriptionId === id);
  const delivery = await pushForwarder.waitForDelivery((d) => d.message.id === message.id);
  expect(delivery.throughTransientPage).toBe(true);
  expect(context.pages()).toEqual([]);

  const reopened = await context.newPage();
  await reopened.goto('/settings');
  await expect(reopened.getByTestId('activity').locator('tr[data-trigger="push"]')).toHaveCount(1);
  await expect.poll(() => notificationCount(reopened)).toBe(1);
});

test('a simulated pushsubscriptionchange gives the worker a new subscription', async ({
  page,
  context,
  serviceWorker,
  testPush,
  pushService,
}) => {
  void serviceWorker;
  await subscribeInPage(page, vapid.publicKey);
  const old = testPush.subscription!;
  const [worker] = context.serviceWorkers();
  const renewed = await testPush.simulateSubscriptionChange(worker!);
  expect(renewed.id).not.toBe(old.id);
  expect(pushService.subscription(old.id)?.removed).toBe(true);
  const inWorker = await worker!.evaluate(async () => {
    const scope = globalThis as unknown as { registration: ServiceWorkerRegistration };
    return (await scope.registration.pushManager.getSubscription())?.endpoint;
  });
  expect(inWorker).toBe(renewed.subscription.endpoint);
  expect((await subscribeInPage(page, vapid.publicKey)).json).toEqual(renewed.subscription);
});
