// Offline writes delivered by the service worker with no Tideline page open: real `sync` events
// through CDP, the Workbox queue's replay at worker start where Background Sync is blocked, a
// worker stopped mid-replay, the server's refusals (rejection, 500, 503 + Retry-After, 401), and
// the activity log and capability report in Settings.
//
// "No page open" means no Tideline page: a blank page stays open only to hold the DevTools
// session that dispatches the events. Facts are read from the server's API and from IndexedDB
// through /api/health, a same-origin page that runs none of the app's code.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import {
  ServiceWorkerDriver,
  copyBuiltApp,
  expect,
  publishWorkerBuild,
  startServer,
  waitForController,
} from './fixtures';
import { PageMessageType, type PageMessage } from '../src/protocol/serviceWorkerMessages';
import {
  createNotebook,
  openNotebook,
  signUp,
  teamTest as test,
  type Person,
} from './fixtures/team';

const OUTBOX_TAG = 'workbox-background-sync:tideline-outbox';

interface ServerEntry {
  id: string;
  title: string;
}

/** Every entry of the user's notebooks, as the server has them (a fresh client pulls from zero). */
async function serverEntries(request: APIRequestContext, baseURL: string): Promise<ServerEntry[]> {
  const entries: ServerEntry[] = [];
  const clientId = randomUUID();
  let cursors: Record<string, unknown> = {};
  for (let page = 0; page < 20; page += 1) {
    const response = await request.post('/api/sync/pull', {
      data: { clientId, cursors },
      headers: { origin: baseURL },
    });
    expect(response.ok(), await response.text()).toBe(true);
    const body = (await response.json()) as {
      hasMore: boolean;
      changes: {
        notebookId: string;
        cursor: unknown;
        entries: { id: string; deleted?: boolean; fields?: { title: string } }[];
      }[];
    };
    cursors = { ...cursors };
    for (const change of body.changes) {
      cursors[change.notebookId] = change.cursor;
      for (const entry of change.entries) {
        if (!entry.deleted && entry.fields)
          entries.push({ id: entry.id, title: entry.fields.title });
      }
    }
    if (!body.hasMore) break;
  }
  return entries;
}

/** The titles the server has, sorted (a duplicate would show twice). */
async function serverTitles(request: APIRequestContext, baseURL: string): Promise<string[]> {
  return (await serverEntries(request, baseURL)).map((entry) => entry.title).sort();
}

/** An entry applied once has no history; a second application of its put would leave one. */
async function historyLength(
  request: APIRequestContext,
  notebookId: string,
  entryId: string,
): Promise<number> {
  const response = await request.get(`/api/notebooks/${notebookId}/entries/${entryId}/history`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

interface LocalFacts {
  outbox: number;
  deadLetters: number;
  markers: number;
  activity: { trigger: string; tag: string; outcome: string; pushed?: number; error?: string }[];
}

/** Reads Tideline's and Workbox's IndexedDB from a same-origin page that runs no app code. */
async function localFacts(context: BrowserContext): Promise<LocalFacts> {
  const page = await context.newPage();
  try {
    await page.goto('/api/health');
    return await page.evaluate(async () => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const all = <T>(db: IDBDatabase, store: string) =>
        new Promise<T[]>((resolve, reject) => {
          if (!db.objectStoreNames.contains(store)) return resolve([]);
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        });
      const tideline = await open('tideline');
      const workbox = await open('workbox-background-sync');
      const facts = {
        outbox: (await all(tideline, 'outbox')).length,
        deadLetters: (await all(tideline, 'deadLetters')).length,
        markers: (await all<{ queueName: string }>(workbox, 'requests')).filter(
          (row) => row.queueName === 'tideline-outbox',
        ).length,
        activity: (
          await all<{
            trigger: string;
            tag: string;
            outcome: string;
            pushed?: number;
            error?: string;
            startedAt: number;
          }>(tideline, 'activity')
        )
          .sort((a, b) => a.startedAt - b.startedAt)
          .map(({ trigger, tag, outcome, pushed, error }) => ({
            trigger,
            tag,
            outcome,
            pushed,
            error,
          })),
      };
      tideline.close();
      workbox.close();
      return facts;
    });
  } finally {
    await page.close();
  }
}

async function newEntry(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: 'New entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('link', { name: /^← / }).click();
}

interface OfflineWrites {
  person: Person;
  notebookId: string;
  titles: string[];
  /** Dispatches events to the worker; its page is blank, not Tideline. */
  worker: ServiceWorkerDriver;
}

/**
 * Signs up, makes a notebook, writes `count` entries offline (the page hands the outbox to the
 * worker) and closes the app's page. The context is left offline.
 */
async function writeOfflineAndClose(
  context: BrowserContext,
  page: Page,
  baseURL: string,
  count: number,
): Promise<OfflineWrites> {
  await page.goto('/');
  await waitForController(page);
  const person = await signUp(page, baseURL, 'Ana');
  const notebookId = await createNotebook(page, baseURL, 'Tide pools');
  await openNotebook(page, notebookId, 'Tide pools');
  const blank = await context.newPage();
  const worker = await ServiceWorkerDriver.attach(blank, new URL(baseURL).origin);

  await context.setOffline(true);
  const titles = Array.from(
    { length: count },
    (_, i) => `Pool ${i + 1} ${randomUUID().slice(0, 4)}`,
  );
  for (const title of titles) await newEntry(page, title);
  await expect(page.getByTestId('pending-count')).toContainText(String(count));
  // The page's push failed offline and the outbox went to the worker's queue.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const request = indexedDB.open('workbox-background-sync');
          request.onsuccess = () => resolve(request.result);
        });
        if (!db.objectStoreNames.contains('requests')) return 0;
        return new Promise<number>((resolve) => {
          const request = db.transaction('requests').objectStore('requests').count();
          request.onsuccess = () => resolve(request.result);
        });
      }),
    )
    .toBeGreaterThan(0);
  await page.close();
  return { person, notebookId, titles, worker };
}

test('offline writes reach the server exactly once from a sync event with no page open', async ({
  context,
  page,
  baseURL,
}) => {
  const { titles, notebookId, worker } = await writeOfflineAndClose(context, page, baseURL!, 3);
  expect(await serverTitles(context.request, baseURL!)).toEqual([]);

  await context.setOffline(false);
  await worker.dispatchSync(OUTBOX_TAG);
  await expect.poll(() => serverTitles(context.request, baseURL!)).toEqual([...titles].sort());
  for (const entry of await serverEntries(context.request, baseURL!)) {
    expect(await historyLength(context.request, notebookId, entry.id)).toBe(0);
  }
  await expect.poll(async () => (await localFacts(context)).outbox).toBe(0);
  const facts = await localFacts(context);
  expect(facts.markers).toBe(0);
  // Chromium may fire the queue's sync itself on reconnecting, before the dispatched one: either
  // way the worker's `sync` runs, and only they, sent the three changes.
  const delivered = facts.activity.filter((row) => row.outcome === 'ok' && row.pushed);
  expect(delivered).toEqual([
    expect.objectContaining({ trigger: 'sync', tag: OUTBOX_TAG, pushed: 3 }),
  ]);
  await worker.detach();
});

test('a worker stopped in the middle of a replay loses nothing and duplicates nothing', async ({
  context,
  page,
  baseURL,
}) => {
  const { titles, notebookId, worker } = await writeOfflineAndClose(context, page, baseURL!, 3);

  // Hold the first push; stop the worker while it waits; then let the server apply it, so the
  // server has the batch but the worker never heard the answer.
  let arrived!: () => void;
  const pushArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await context.route('**/api/sync/push', async (route) => {
    if (held) return route.continue();
    held = true;
    arrived();
    await released;
    await route.continue().catch(() => undefined);
  });
  await context.setOffline(false);
  await worker.dispatchSync(OUTBOX_TAG);
  await pushArrived;
  const beforeStop = worker.mark();
  await worker.stopAllWorkers();
  await expect.poll(() => worker.reportedSince(beforeStop, 'stopped')).toBe(true);
  release();

  await expect.poll(async () => (await localFacts(context)).outbox).toBe(3);
  await worker.dispatchSync(OUTBOX_TAG);
  await expect.poll(async () => (await localFacts(context)).outbox).toBe(0);
  expect(await serverTitles(context.request, baseURL!)).toEqual([...titles].sort());
  for (const entry of await serverEntries(context.request, baseURL!)) {
    expect(await historyLength(context.request, notebookId, entry.id)).toBe(0);
  }
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await worker.detach();
});

test('a 500 and a 503 with Retry-After are retried within the sync event, then delivered', async ({
  context,
  page,
  baseURL,
}) => {
  const { titles, worker } = await writeOfflineAndClose(context, page, baseURL!, 2);
  const replies: { status: number; headers: Record<string, string> }[] = [
    { status: 500, headers: {} },
    { status: 503, headers: { 'retry-after': '1' } },
  ];
  await context.route('**/api/sync/push', async (route) => {
    const reply = replies.shift();
    if (!reply) return route.continue();
    await route.fulfill({
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
      body: JSON.stringify({ error: { code: 'unavailable', message: 'Try again later.' } }),
    });
  });
  await context.setOffline(false);
  await worker.dispatchSync(OUTBOX_TAG);
  await expect.poll(() => serverTitles(context.request, baseURL!)).toEqual([...titles].sort());
  await expect.poll(async () => (await localFacts(context)).outbox).toBe(0);
  // Chromium may fire the queue's sync itself on reconnecting; whichever event ran first met the
  // 500 and the 503 and tried again, and one run delivered both changes.
  const runs = (await localFacts(context)).activity.filter((row) => row.tag === OUTBOX_TAG);
  expect(runs.filter((row) => row.error === 'server-busy')).toHaveLength(2);
  expect(runs.filter((row) => row.outcome === 'ok' && row.pushed)).toEqual([
    expect.objectContaining({ trigger: 'sync', pushed: 2 }),
  ]);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await worker.detach();
});

test('changes the server refuses land in dead letters and leave the queue', async ({
  context,
  page,
  baseURL,
}) => {
  const { notebookId, titles, worker } = await writeOfflineAndClose(context, page, baseURL!, 2);
  // Another device of the owner deletes the notebook: the offline entries can never apply.
  const deleted = await context.request.post('/api/sync/push', {
    data: {
      clientId: randomUUID(),
      mutations: [{ id: 1, name: 'notebook.delete', args: { id: notebookId } }],
    },
    headers: { origin: baseURL! },
  });
  expect(deleted.ok(), await deleted.text()).toBe(true);

  await context.setOffline(false);
  await worker.dispatchSync(OUTBOX_TAG);
  await expect.poll(async () => (await localFacts(context)).deadLetters).toBe(titles.length);
  const facts = await localFacts(context);
  expect(facts.outbox).toBe(0);
  expect(facts.markers).toBe(0);
  expect(facts.activity.at(-1)).toMatchObject({ trigger: 'sync', outcome: 'ok' });
  await worker.detach();
});

test('a 401 leaves the outbox intact until the user signs in again', async ({
  context,
  page,
  baseURL,
}) => {
  const { person, titles, worker } = await writeOfflineAndClose(context, page, baseURL!, 3);
  await context.clearCookies();
  await context.setOffline(false);

  await worker.dispatchSync(OUTBOX_TAG);
  await expect
    .poll(async () => (await localFacts(context)).activity.at(-1))
    .toMatchObject({ trigger: 'sync', outcome: 'error', error: 'auth-required' });
  let facts = await localFacts(context);
  expect(facts.outbox).toBe(3);
  // No retry loop: the queue entry is dropped; the outbox itself waits for sign-in.
  expect(facts.markers).toBe(0);

  const signIn = await context.request.post('/api/auth/sign-in', {
    data: { email: person.email, password: person.password },
    headers: { origin: baseURL! },
  });
  expect(signIn.ok(), await signIn.text()).toBe(true);
  expect(await serverTitles(context.request, baseURL!)).toEqual([]);
  await worker.dispatchSync(OUTBOX_TAG);
  await expect.poll(() => serverTitles(context.request, baseURL!)).toEqual([...titles].sort());
  facts = await localFacts(context);
  expect(facts.outbox).toBe(0);
  await worker.detach();
});

test('where Background Sync is blocked, a restarted worker delivers the outbox', async ({
  browser,
  context,
  page,
  baseURL,
}) => {
  // The user blocks background sync for the site: `registration.sync` exists but cannot be used,
  // so no `sync` event will come. (Chromium's --disable-features=BackgroundSync leaves the API in
  // place, so blocking the permission is the honest way to take it away here.)
  await page.goto('/');
  const session = await browser.newBrowserCDPSession();
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as {
    targetInfo: { browserContextId?: string };
  };
  await pageSession.detach();
  await session.send('Browser.setPermission', {
    permission: { name: 'background-sync' },
    setting: 'denied',
    origin: baseURL!,
    browserContextId: targetInfo.browserContextId,
  } as never);
  const blocked = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (registration as unknown as { sync: { register(tag: string): Promise<void> } }).sync
      .register('probe')
      .then(
        () => false,
        () => true,
      );
  });
  expect(blocked).toBe(true);

  const { titles, worker } = await writeOfflineAndClose(context, page, baseURL!, 3);
  await context.setOffline(false);
  const beforeStop = worker.mark();
  await worker.stopAllWorkers();
  await expect.poll(() => worker.reportedSince(beforeStop, 'stopped')).toBe(true);
  // Any fetch wakes the worker; /api/health runs no app code that could push by itself.
  const waker = await context.newPage();
  await waker.goto('/api/health');
  await expect.poll(() => serverTitles(context.request, baseURL!)).toEqual([...titles].sort());
  await expect.poll(async () => (await localFacts(context)).outbox).toBe(0);
  await waker.close();
  await worker.detach();
  await session.detach();
});

test('Settings shows the activity log by trigger and an honest capability report', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await waitForController(page);
  await signUp(page, baseURL!, 'Ana');
  await page.goto('/settings');
  const worker = await ServiceWorkerDriver.attach(page);
  const log = page.getByTestId('activity');
  // The page's own runs on opening are logged, folded into one line for the day.
  const folded = log.locator('tr[data-trigger="folded"]');
  await expect(folded).toHaveText(/\d+ quick syncs? while the app was open/);
  await worker.dispatchSync('tideline-check');
  // Live: the worker's run appears without a reload, newest first, in plain words.
  const first = log.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-trigger', 'sync');
  await expect(first).toContainText('Sent your changes in the background');
  await expect(first).toContainText('Sent 0 changes');
  // The technical facts are there, behind a disclosure.
  const facts = first.locator('details p');
  await expect(facts).toBeHidden();
  await first.getByText('Details').click();
  await expect(facts).toBeVisible();
  await expect(facts).toHaveText(/event tideline-check; OK in \d+ ms/);
  const chart = page.getByTestId('activity-chart');
  await expect(chart).toContainText('1 background run in the last 7 days.');
  await expect(chart.getByRole('img')).toHaveAccessibleName(/today 1\.$/);

  await page.getByLabel('Show').selectOption('sync');
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await page.getByLabel('Show').selectOption('');
  await expect.poll(() => log.locator('tbody tr').count()).toBeGreaterThan(1);
  const times = await log
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-started-at'))));
  expect(times).toEqual([...times].sort((a, b) => b - a));

  // The capability report in plain words: what each thing does for the person, and "Not asked
  // yet" rather than a permission state's name.
  const report = page.getByTestId('capabilities');
  const row = (api: string) => report.locator(`tr[data-api="${api}"]`);
  await expect(row('service-worker')).toContainText('Works without a network');
  await expect(row('service-worker')).toContainText('Yes');
  await expect(row('background-sync')).toContainText('Sends changes after you close Tideline');
  await expect(row('background-sync')).toContainText('Yes');
  // Headless Chromium, not installed, nothing granted: periodic sync is refused, alerts would ask.
  await expect(row('periodic-background-sync')).toContainText('Not allowed');
  await expect(row('periodic-background-sync')).toContainText('refreshes when you open it');
  await expect(row('notifications')).toContainText('Not asked yet');
  await expect(row('push')).toContainText('Not asked yet');
  await expect(row('badging')).toContainText('Yes');
  await expect(row('screen-wake-lock')).toContainText('Yes');
  await expect(row('persistent-storage')).toBeVisible();
  await expect(report).not.toContainText(/Web Locks|prompt|granted|denied|Background Sync/);
  await worker.detach();
});

test.describe('updates', () => {
  let staticDir: string;

  // A server of its own, serving a copy of the build that the test changes to publish a new one.
  test.use({
    // eslint-disable-next-line no-empty-pattern
    baseURL: async ({}, use) => {
      staticDir = copyBuiltApp();
      const server = await startServer({ staticDir });
      await use(server.baseURL);
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    },
  });

  /**
   * Two offline writes, every app page closed; a tab that holds the sync lock (as a run in
   * progress does); a new build installed and asked to take over. The update must still be
   * waiting, for the lock, when this returns.
   */
  async function updateWaitingForTheLock(context: BrowserContext, page: Page, baseURL: string) {
    await page.goto(`${baseURL}/settings`);
    await waitForController(page);
    await page.reload();
    // The page asks the controlling worker for its build as it opens; read the answer, not the
    // placeholder shown until it arrives.
    await expect(page.getByTestId('worker-build')).not.toContainText('Not installed yet');
    const oldBuild = (await page.getByTestId('worker-build').textContent())!.trim();
    const { titles, worker } = await writeOfflineAndClose(context, page, baseURL, 2);

    // A sync run holds the lock (here: a tab, opened offline, that took it and has not let go).
    const holder = await context.newPage();
    await holder.goto(`${baseURL}/settings`);
    await holder.evaluate(() => {
      void navigator.locks.request(
        'tideline-sync',
        () =>
          new Promise<void>((release) => ((window as { release?: () => void }).release = release)),
      );
    });

    const newBuild = `${oldBuild}-next`;
    publishWorkerBuild(staticDir, oldBuild, newBuild);
    const versions = () =>
      holder.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: !!registration?.waiting, active: registration?.active?.scriptURL };
      });
    await holder.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await expect.poll(async () => (await versions()).waiting).toBe(true);
    // "Reload" asks the waiting worker to take over; it must not while the run goes on.
    const skipWaiting: PageMessage = { type: PageMessageType.SkipWaiting };
    await holder.evaluate(async (message) => {
      const registration = await navigator.serviceWorker.getRegistration();
      registration?.waiting?.postMessage(message);
    }, skipWaiting);
    await holder.waitForTimeout(1500);
    expect((await versions()).waiting).toBe(true);

    const release = () => holder.evaluate(() => (window as { release?: () => void }).release?.());
    const getVersion: PageMessage = { type: PageMessageType.GetVersion };
    const controllingBuild = () =>
      holder.evaluate(
        (message) =>
          new Promise<string>((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) =>
              resolve((event.data as { buildId: string }).buildId);
            navigator.serviceWorker.controller?.postMessage(message, [channel.port2]);
          }),
        getVersion,
      );
    const outboxCount = () =>
      holder.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('tideline');
            open.onsuccess = () => {
              const count = open.result.transaction('outbox').objectStore('outbox').count();
              count.onsuccess = () => {
                open.result.close();
                resolve(count.result);
              };
            };
          }),
      );
    return { titles, worker, holder, newBuild, versions, release, controllingBuild, outboxCount };
  }

  /** Back online, the next start of the app delivers every write, once. */
  async function deliveredOnReopen(context: BrowserContext, baseURL: string, titles: string[]) {
    await context.setOffline(false);
    const reopened = await context.newPage();
    await reopened.goto(`${baseURL}/notebooks`);
    await expect.poll(() => serverTitles(context.request, baseURL)).toEqual([...titles].sort());
    await reopened.close();
  }

  test('a new worker waits for the sync in progress and takes the outbox over intact', async ({
    context,
    page,
    baseURL: base,
  }) => {
    const baseURL = base!;
    const update = await updateWaitingForTheLock(context, page, baseURL);

    await update.release();
    await expect.poll(async () => (await update.versions()).waiting).toBe(false);
    expect(await update.controllingBuild()).toBe(update.newBuild);
    expect(await update.outboxCount()).toBe(2);

    await update.holder.close();
    await update.worker.detach();
    // Nothing was lost in the handover.
    await deliveredOnReopen(context, baseURL, update.titles);
  });

  test('the network returns while the update waits: the old worker delivers first, then the update takes over', async ({
    context,
    page,
    baseURL: base,
  }) => {
    const baseURL = base!;
    const update = await updateWaitingForTheLock(context, page, baseURL);
    const { held = [] } = await update.holder.evaluate(() => navigator.locks.query());
    const holderClient = held[0]?.clientId;

    // Back online, the browser fires the outbox's `sync` at the old (still active) worker: its run
    // queues for the lock too, behind the update.
    await context.setOffline(false);
    await expect
      .poll(async () => {
        const { pending = [] } = await update.holder.evaluate(() => navigator.locks.query());
        return new Set(pending.map((lock) => lock.clientId).filter((id) => id !== holderClient))
          .size;
      })
      .toBe(2);

    await update.release();
    // The update lets the lock go once it has asked to take over, so the old worker's run gets
    // it and delivers; the switch follows once that event has ended.
    await expect.poll(async () => (await update.versions()).waiting).toBe(false);
    expect(await update.controllingBuild()).toBe(update.newBuild);
    await expect
      .poll(() => serverTitles(context.request, baseURL))
      .toEqual([...update.titles].sort());
    const facts = await localFacts(context);
    expect(facts.outbox).toBe(0);
    expect(facts.activity).toContainEqual(
      expect.objectContaining({ trigger: 'sync', tag: OUTBOX_TAG, outcome: 'ok' }),
    );

    await update.holder.close();
    await update.worker.detach();
  });
});
