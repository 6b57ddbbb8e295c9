// The server goes away while the browser stays online (a restart, a proxy, a dead uplink): the
// page's engine retries by itself, says when the next try is, and delivers a write made meanwhile
// once the server is back — with no user action and no `online` event.
import type { Page } from '@playwright/test';
import { expect, waitForController } from './fixtures';
import { createNotebook, openNotebook, signUp, teamTest as test } from './fixtures/team';

async function newEntry(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: 'New entry' }).click();
  // The editor is there: until then 'Title' also names the list's "Search title and text".
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('a write made while the server is down is delivered by the next retry after it is back', async ({
  page,
  baseURL,
  server,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { onlineEvents: number }).onlineEvents = 0;
    window.addEventListener('online', () => {
      (window as unknown as { onlineEvents: number }).onlineEvents += 1;
    });
  });
  await page.goto('/');
  await signUp(page, baseURL!, 'Rae');
  const notebookId = await createNotebook(page, baseURL!, 'Restarts');
  await openNotebook(page, notebookId, 'Restarts');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-status', 'idle');
  // The entry page's code comes from the service worker's precache while the server is away: it
  // must control the page first (on a loaded machine its install can still be running here).
  await waitForController(page);

  await server.halt();
  try {
    await newEntry(page, 'Written while the server restarts');
    await expect(page.getByTestId('pending-count')).toContainText('1 change waiting');
    const nextTry = page.getByTestId('next-try');
    await expect(nextTry).toHaveText(/Next try in \d+ s/);
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
  } finally {
    await server.resume();
  }
  // The retry in effect when the server came back is the one that must deliver. If it already
  // has, the "Next try" line is gone: its time is now (the locator must not wait for it).
  const nextTry = page.getByTestId('next-try');
  const shown = (await nextTry.count()) > 0;
  const dueAt = Number(
    (shown && (await nextTry.getAttribute('data-at', { timeout: 1000 }).catch(() => null))) ||
      Date.now(),
  );
  await expect(page.getByTestId('pending-count')).toBeHidden({
    timeout: Math.max(0, dueAt - Date.now()) + 3000,
  });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-status', 'idle');
  expect(
    await page.evaluate(() => (window as unknown as { onlineEvents: number }).onlineEvents),
  ).toBe(0);

  const pull = await page.request.post('/api/sync/pull', {
    data: { clientId: crypto.randomUUID(), cursors: {} },
    headers: { origin: baseURL! },
  });
  const body = (await pull.json()) as { changes: { entries: { fields?: { title: string } }[] }[] };
  const titles = body.changes.flatMap((change) => change.entries.map((e) => e.fields?.title));
  expect(titles).toEqual(['Written while the server restarts']);
});
