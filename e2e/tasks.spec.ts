// Tasks from the person's side: tick one done from the list (offline too) and a teammate's open
// list shows it done; give one a due date and time in the editor (a date that is not one is
// refused, and nothing changes), see "Due …" and "Overdue" in the list, sort by it and filter
// "Due soon" / "Overdue"; at the due time the server's reminder push reaches a closed app and the
// service worker shows "Due now: Buy rope — Trail survey", whose click opens the task; and a
// device without push alerts shows the task that fell due in the app when it opens, once.
import type { Page } from '@playwright/test';
import { expect, pushTest, startServer, waitForController, type RunningServer } from './fixtures';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
  updateEntry,
} from './fixtures/team';
import { clickNotification, shownNotifications } from './support/alerts';

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

/** Mo (the page) and Ana (her own browser context) share Ana's "Trail survey". */
async function team(page: Page, baseURL: string, tasks: { title: string; due?: number }[]) {
  await signUp(page, baseURL, 'Mo');
  const anaContext = await page.context().browser()!.newContext({ baseURL });
  const ana = await anaContext.newPage();
  await signUp(ana, baseURL, 'Ana');
  const notebookId = await createNotebook(ana, baseURL, 'Trail survey');
  const ids = await addEntries(ana, baseURL, notebookId, tasks);
  await shareNotebook(ana, page, baseURL, notebookId);
  return { ana, anaContext, notebookId, ids };
}

/** The row of the entry titled `title` in the page's list. */
function row(page: Page, title: string) {
  return page.getByTestId('entry-row').filter({ has: page.getByText(title, { exact: true }) });
}

/** The titles the list shows, in order. */
async function titles(page: Page): Promise<string[]> {
  const rows = await page.getByTestId('entry-row').evaluateAll((elements) =>
    elements
      .map((element) => ({
        index: Number((element as HTMLElement).dataset.index),
        title: element.querySelector('.title')?.textContent ?? '',
      }))
      .sort((a, b) => a.index - b.index)
      .map((item) => item.title),
  );
  return rows;
}

/** `at` as a datetime-local value in this machine's time zone (the browser's too). */
function localInput(at: number): string {
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

test('a task ticked done from the list while offline reaches the teammate’s open list', async ({
  page,
  context,
  server,
}) => {
  const { ana, anaContext, notebookId } = await team(page, server.baseURL, [
    { title: 'Buy rope' },
    { title: 'Map the ford' },
  ]);
  try {
    await openNotebook(page, notebookId, 'Trail survey');
    await waitForController(page);
    await openNotebook(ana, notebookId, 'Trail survey');
    const tick = page.getByRole('checkbox', { name: "Mark 'Buy rope' done" });
    await expect(tick).not.toBeChecked();

    await context.setOffline(true);
    await tick.check();
    await expect(tick).toBeChecked();
    await expect(row(page, 'Buy rope')).toHaveAttribute('data-pending', 'true');
    await expect(row(page, 'Buy rope').getByText('Not yet synced')).toBeVisible();
    // It is on the device: a reload while offline still shows it ticked.
    await page.reload();
    await expect(page.getByRole('checkbox', { name: "Mark 'Buy rope' done" })).toBeChecked();
    await expect(
      page.getByRole('checkbox', { name: "Mark 'Map the ford' done" }),
    ).not.toBeChecked();

    await context.setOffline(false);
    await expect(ana.getByRole('checkbox', { name: "Mark 'Buy rope' done" })).toBeChecked({
      timeout: 20_000,
    });
    await expect(row(page, 'Buy rope')).toHaveAttribute('data-pending', 'false');
    // And back: unticked on Ana's side, live on Mo's.
    await ana.getByRole('checkbox', { name: "Mark 'Buy rope' done" }).uncheck();
    await expect(page.getByRole('checkbox', { name: "Mark 'Buy rope' done" })).not.toBeChecked({
      timeout: 20_000,
    });
  } finally {
    await anaContext.close();
  }
});

test('a due date set in the editor shows in the list, sorts and filters it; a bad one is refused', async ({
  page,
  server,
}) => {
  await signUp(page, server.baseURL, 'Mo');
  const notebookId = await createNotebook(page, server.baseURL, 'Trail survey');
  const [ropeId] = await addEntries(page, server.baseURL, notebookId, [
    { title: 'Buy rope' },
    { title: 'Map the ford' },
    { title: 'File the permit', due: Date.now() - 60 * 60 * 1000 },
  ]);
  await openNotebook(page, notebookId, 'Trail survey');
  await expect(row(page, 'File the permit').getByTestId('row-overdue')).toHaveText('Overdue');

  await page.goto(`/notebooks/${notebookId}/entries/${ropeId}`);
  const due = page.getByLabel('Due', { exact: true });
  await expect(due).toHaveValue('');
  await due.fill('1999-12-31T10:00');
  await expect(page.getByText('Due must be a date in the year 2000 or later.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear due date' })).toHaveCount(0);

  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(17, 0, 0, 0);
  await due.fill(localInput(tomorrow.getTime()));
  await expect(page.getByText('Due must be a date')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Clear due date' })).toBeVisible();
  await expect(page.getByTestId('entry-sync-state')).toContainText('Synced', { timeout: 15_000 });

  await page.goto(`/notebooks/${notebookId}`);
  await expect(row(page, 'Buy rope').getByTestId('row-due')).toContainText('Due tomorrow');
  await expect(row(page, 'Buy rope').getByTestId('row-overdue')).toHaveCount(0);

  await page.getByLabel('Sort by').selectOption('due');
  await expect.poll(() => titles(page)).toEqual(['File the permit', 'Buy rope', 'Map the ford']);
  await page.getByLabel('Show').selectOption('overdue');
  await expect.poll(() => titles(page)).toEqual(['File the permit']);
  await page.getByLabel('Show').selectOption('soon');
  await expect.poll(() => titles(page)).toEqual(['Buy rope']);
  // Ticked done, it is no longer due (and leaves the list at once: click, not check, which
  // would wait for a box that is gone).
  await page.getByRole('checkbox', { name: "Mark 'Buy rope' done" }).click();
  await expect.poll(() => titles(page)).toEqual([]);

  // The server has the due time (and refused nothing).
  const pulled = await page.request.post('/api/sync/pull', {
    data: { clientId: crypto.randomUUID(), cursors: {} },
    headers: { origin: server.baseURL },
  });
  const body = (await pulled.json()) as {
    changes: { entries: { id: string; fields?: { due: number | null } }[] }[];
  };
  const stored = body.changes.flatMap((c) => c.entries).find((e) => e.id === ropeId);
  expect(stored?.fields?.due).toBe(tomorrow.getTime());
});

test('at the due time a reminder push reaches the closed app: "Due now", and a click opens the task', async ({
  page,
  context,
  server,
  pushService,
  testPush,
  grantBackground,
}) => {
  await grantBackground();
  const { ana, anaContext, notebookId, ids } = await team(page, server.baseURL, [
    { title: 'Buy rope' },
  ]);
  const ropeId = ids[0]!;
  try {
    await openNotebook(page, notebookId, 'Trail survey');
    await waitForController(page);
    await page.goto('/settings');
    const alerts = page.getByTestId('alerts');
    await alerts.getByRole('button', { name: 'Enable alerts' }).click();
    await expect(alerts.locator('[data-state="on"]')).toBeVisible();
    const subscription = testPush.subscription!;
    await page.goto('about:blank');

    // Ana gives the task a due time a few seconds ahead; Mo's app is closed.
    const due = Date.now() + 4_000;
    await updateEntry(ana, server.baseURL, notebookId, ropeId, { due });
    const message = await pushService.waitForMessage(
      (m) => m.subscriptionId === subscription.id && !!m.plaintext?.includes('"reminder"'),
      20_000,
    );
    expect(message.receivedAt).toBeGreaterThanOrEqual(due);
    expect(JSON.parse(message.plaintext!)).toEqual({
      type: 'reminder',
      notebookId,
      entryId: ropeId,
      due,
      title: 'Buy rope',
      notebookName: 'Trail survey',
    });
    const tag = `tideline-due-${ropeId}`;
    await expect
      .poll(async () => (await shownNotifications(context)).find((n) => n.tag === tag), {
        timeout: 20_000,
      })
      .toMatchObject({
        title: 'Due now: Buy rope — Trail survey',
        data: expect.objectContaining({ url: `/notebooks/${notebookId}/entries/${ropeId}` }),
      });

    await page.goto('/notebooks');
    await clickNotification(context, tag);
    await expect(page).toHaveURL(`/notebooks/${notebookId}/entries/${ropeId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Buy rope' })).toBeVisible();
    // With alerts on, the app does not announce it a second time.
    await expect(page.getByTestId('due-notice')).toHaveCount(0);
  } finally {
    await anaContext.close();
  }
});

test('without push alerts, a task that fell due is announced in the app when it opens, once', async ({
  page,
  server,
}) => {
  const { ana, anaContext, notebookId } = await team(page, server.baseURL, [
    { title: 'Buy rope', due: Date.now() - 60_000 },
    { title: 'Map the ford', due: Date.now() + 7 * 24 * 60 * 60 * 1000 },
  ]);
  try {
    await page.goto('/notebooks');
    const notice = page.getByTestId('due-notice');
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice.getByRole('link')).toHaveText(['Due now: Buy rope — Trail survey']);
    await notice.getByRole('link', { name: 'Due now: Buy rope — Trail survey' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Buy rope' })).toBeVisible();

    // Opened again: that one was announced on this device already; one that falls due while
    // the app is open is announced as it arrives, alone.
    await openNotebook(page, notebookId, 'Trail survey');
    await addEntries(ana, server.baseURL, notebookId, [
      { title: 'Fill the tank', due: Date.now() - 1_000 },
    ]);
    await expect(notice.getByRole('link')).toHaveText(['Due now: Fill the tank — Trail survey'], {
      timeout: 20_000,
    });
  } finally {
    await anaContext.close();
  }
});
