// What the person reads about the connection, from their side: one plain state at a time. A
// server that answers 500 is "had a problem", not "busy" (a 503 is); a server that is down is "unreachable",
// never "Online" beside "…when you are back online", and the members dialog does not call it
// "offline"; a browser that is offline says Offline.
import type { Page } from '@playwright/test';
import { expect, waitForController } from './fixtures';
import { createNotebook, openNotebook, signUp, teamTest as test } from './fixtures/team';

/** A local write from the notebooks page: a new notebook, which the page then pushes. */
async function writeSomething(page: Page, name: string): Promise<void> {
  await page.getByLabel('New notebook').fill(name);
  await page.getByRole('button', { name: 'Create notebook' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
}

test('the status says server problem, server unreachable and offline apart, and so do the dialogs', async ({
  page,
  context,
  baseURL,
  server,
}) => {
  await page.goto('/');
  // The server goes down and the browser offline later: the app's code must be on the device.
  await waitForController(page);
  await signUp(page, baseURL!, 'Sol');
  const notebookId = await createNotebook(page, baseURL!, 'Shared plans');
  await openNotebook(page, notebookId, 'Shared plans');
  await page.goto('/');
  const connectivity = page.getByTestId('connectivity');
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-status', 'idle');
  await expect(connectivity).toHaveText('Online');

  // The server answers 500: a problem on its side, said so, and retried. The whole context's
  // pushes get that answer, the service worker's too: a worker that starts now (Playwright's
  // contexts leave background sync unpermitted, so it delivers the outbox at every start) must
  // meet the same server as the page, not the real one behind the page's back.
  let answer = 500;
  await context.route('**/api/sync/push', (route) =>
    route.fulfill({
      status: answer,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }),
    }),
  );
  await writeSomething(page, 'During the outage');
  await expect(connectivity).toHaveText('Server problem');
  await expect(status).toHaveText(
    'The server had a problem (error 500). Your changes are kept on this device.',
  );
  await expect(page.getByTestId('next-try')).toHaveText(/Next try in \d+ s|Trying again…/);
  await expect(page.getByTestId('pending-count')).toHaveText('1 change waiting');
  // A 503 is a busy server, said as such.
  answer = 503;
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(connectivity).toHaveText('Server busy');
  await expect(status).toHaveText('The server is busy. Your changes are kept on this device.');
  await context.unroute('**/api/sync/push');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toBeHidden();
  await expect(connectivity).toHaveText('Online');

  // The server is down while the browser is online: unreachable, not offline.
  await server.halt();
  try {
    await writeSomething(page, 'While the server is down');
    await expect(connectivity).toHaveText('Server unreachable');
    await expect(status).toHaveText(
      'Can’t reach the Tideline server. Your changes are kept on this device.',
    );
    await expect(page.getByTestId('next-try')).toHaveText(/Next try in \d+ s|Trying again…/);
    await expect(page.locator('tl-status-bar')).not.toContainText(/back online|Online/);

    await page.getByRole('button', { name: 'Members of Shared plans' }).click();
    const dialog = page.getByRole('dialog', { name: 'Members of “Shared plans”' });
    await expect(dialog.getByTestId('members-unreachable')).toContainText(
      'Can’t reach the Tideline server.',
    );
    await expect(dialog).not.toContainText('offline');
    await dialog.getByRole('button', { name: 'Close' }).click();
  } finally {
    await server.resume();
  }
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toBeHidden();
  await expect(connectivity).toHaveText('Online');

  // The browser goes offline: Offline, and what happens to the work.
  await context.setOffline(true);
  await expect(connectivity).toHaveText('Offline');
  await writeSomething(page, 'On the train');
  await expect(status).toHaveText(
    'Your changes are kept on this device and sync when you are back online.',
  );
  await page.getByRole('button', { name: 'Members of Shared plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'Members of “Shared plans”' });
  await expect(dialog.getByTestId('members-offline')).toContainText('You are offline');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await context.setOffline(false);
  await expect(page.getByTestId('pending-count')).toBeHidden();
  await expect(connectivity).toHaveText('Online');
});
