// Helpers for the alert specs (push, periodic sync): a teammate who shares a notebook with the
// test's user, and looks into the service worker itself — its notifications, the badge it sets,
// what it stored in IndexedDB — so the specs need no Tideline page open while the worker runs.
//
// Headless Chromium has no way to click a notification (CDP has no such command), so
// `clickNotification` dispatches a script-made NotificationEvent in the worker: the worker's own
// `notificationclick` listener runs with the real notification and action, but without the
// window-interaction right a real click grants (focus() and openWindow() are refused).
import type { Browser, BrowserContext, Page, Worker } from '@playwright/test';
import { expect } from '@playwright/test';
import { waitForController } from '../fixtures/serviceWorker';
import { activityRows } from '../fixtures/workerDiagnostics';
import { addEntries, createNotebook, openNotebook, shareNotebook, signUp } from '../fixtures/team';

/** What these helpers use of the worker's global scope (e2e code is typed for the DOM). */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  navigator: Navigator;
  dispatchEvent(event: Event): boolean;
}
declare const NotificationEvent: new (
  type: string,
  init: { notification: Notification; action?: string },
) => Event;

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  silent: boolean | null;
  actions: string[];
  data: { url?: string; notebookId?: string } | null;
}

export interface Team {
  /** The teammate's page (its own browser context). */
  ana: Page;
  notebookId: string;
  /** The entry Ana wrote before sharing, already on this device. */
  firstEntryId: string;
}

/**
 * The page's user joins Ana's "Trail survey" (one entry) and downloads it, then the page leaves
 * Tideline (about:blank) so nothing but the service worker can pull afterwards.
 */
export async function joinAnasNotebook(
  browser: Browser,
  page: Page,
  baseURL: string,
): Promise<Team> {
  await signUp(page, baseURL, 'Mo');
  const anaContext = await browser.newContext({ baseURL });
  const ana = await anaContext.newPage();
  await signUp(ana, baseURL, 'Ana');
  const notebookId = await createNotebook(ana, baseURL, 'Trail survey');
  const [firstEntryId] = await addEntries(ana, baseURL, notebookId, [{ title: 'Start' }]);
  await shareNotebook(ana, page, baseURL, notebookId);
  await openNotebook(page, notebookId, 'Trail survey');
  await waitForController(page);
  await expect(page.getByText('Start')).toBeVisible();
  await page.goto('about:blank');
  return { ana, notebookId, firstEntryId: firstEntryId! };
}

/** The service worker the context runs now (the newest, should it have been restarted). */
export async function workerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().at(-1) ?? (await context.waitForEvent('serviceworker'));
}

export async function shownNotifications(context: BrowserContext): Promise<ShownNotification[]> {
  const worker = await workerOf(context);
  return worker.evaluate(async () => {
    const scope = self as unknown as WorkerScope;
    return (await scope.registration.getNotifications()).map((notification) => ({
      title: notification.title,
      body: notification.body,
      tag: notification.tag,
      silent: notification.silent,
      actions: ((notification as unknown as { actions?: { action: string }[] }).actions ?? []).map(
        (action) => action.action,
      ),
      data: notification.data as ShownNotification['data'],
    }));
  });
}

/** Closes every notification, so the next check sees only what comes after. */
export async function closeNotifications(context: BrowserContext): Promise<void> {
  const worker = await workerOf(context);
  await worker.evaluate(async () => {
    const scope = self as unknown as WorkerScope;
    for (const notification of await scope.registration.getNotifications()) notification.close();
  });
}

/**
 * Records every value the worker gives the Badging API from now on (the badge itself is drawn by
 * the operating system, out of reach of a headless browser); the real call still runs.
 */
export async function recordBadge(context: BrowserContext): Promise<void> {
  const worker = await workerOf(context);
  await worker.evaluate(() => {
    const scope = self as unknown as { badgeLog: number[] } & WorkerScope;
    const navigator = scope.navigator;
    const set = navigator.setAppBadge.bind(navigator);
    const clear = navigator.clearAppBadge.bind(navigator);
    scope.badgeLog = [];
    navigator.setAppBadge = (count?: number) => {
      scope.badgeLog.push(count ?? 0);
      return set(count);
    };
    navigator.clearAppBadge = () => {
      scope.badgeLog.push(0);
      return clear();
    };
  });
}

export async function badgeLog(context: BrowserContext): Promise<number[]> {
  const worker = await workerOf(context);
  return worker.evaluate(() => (self as unknown as { badgeLog?: number[] }).badgeLog ?? []);
}

export interface StoredEntry {
  id: string;
  title: string;
  unread: boolean;
}

/** A notebook's entries as the worker's IndexedDB holds them (read with the raw API). */
export async function storedEntries(
  context: BrowserContext,
  notebookId: string,
): Promise<StoredEntry[]> {
  const worker = await workerOf(context);
  return worker.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tideline');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const rows = await new Promise<{ id: string; title: string; unread: boolean }[]>(
        (resolve, reject) => {
          const request = db
            .transaction('entries')
            .objectStore('entries')
            .index('notebookId')
            .getAll(id);
          request.onsuccess = () => resolve(request.result as never);
          request.onerror = () => reject(request.error);
        },
      );
      return rows.map((row) => ({ id: row.id, title: row.title, unread: row.unread }));
    } finally {
      db.close();
    }
  }, notebookId);
}

export interface StoredActivity {
  trigger: string;
  tag: string;
  outcome: string;
}

/** The activity log as the worker's IndexedDB holds it, oldest first. */
export async function storedActivity(context: BrowserContext): Promise<StoredActivity[]> {
  const rows = await activityRows(await workerOf(context));
  return rows.map(({ trigger, tag, outcome }) => ({ trigger, tag, outcome }));
}

/** Dispatches `notificationclick` in the worker for the notification with `tag` (see above). */
export async function clickNotification(
  context: BrowserContext,
  tag: string,
  action = '',
): Promise<void> {
  const worker = await workerOf(context);
  const found = await worker.evaluate(
    async ({ tag, action }) => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications({ tag });
      if (!notification) return false;
      // The listener's waitUntil() throws for a script-made event (reported, not propagated);
      // by then the handler's work is under way.
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification, action }));
      return true;
    },
    { tag, action },
  );
  expect(found, `a notification tagged ${tag}`).toBe(true);
}
