// Getting things back, from the person's side: Undo right after deleting an entry (offline too);
// "Recently deleted" restores an entry a teammate then sees again; "Earlier versions" shows who
// wrote what and restores an old text; "Forgot password?" sends a link by e-mail (to an SMTP
// server this spec starts) that sets a new password with which the person signs in, the old one
// no longer working.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startTestSmtpServer, type TestSmtpServer } from '../server/test/testSmtpServer';
import { expect, test as base } from './fixtures';
import { startServer, type RunningServer } from './fixtures/server';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
  updateEntry,
} from './fixtures/team';

const test = base.extend<object, { smtp: TestSmtpServer; server: RunningServer }>({
  smtp: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const smtp = await startTestSmtpServer();
      await use(smtp);
      await smtp.close();
    },
    { scope: 'worker' },
  ],
  server: [
    async ({ smtp }, use) => {
      const server = await startServer({
        env: (baseURL) => ({ PUBLIC_ORIGIN: baseURL, SMTP_URL: smtp.url }),
      });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

function rowNamed(page: Page, title: string) {
  return page.getByTestId('entry-row').filter({ hasText: title });
}

async function openEntry(page: Page, title: string) {
  await rowNamed(page, title).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function deleteOpenEntry(page: Page) {
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete entry' }).click();
}

test('Undo brings back an entry just deleted, online and offline', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Harbour');
  await addEntries(page, baseURL!, notebookId, [{ title: 'Buoy 4 leaking', body: 'Seal cracked' }]);
  await openNotebook(page, notebookId, 'Harbour');

  await openEntry(page, 'Buoy 4 leaking');
  await deleteOpenEntry(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour' })).toBeVisible();
  const toast = page.getByTestId('undo-toast');
  await expect(toast.getByRole('status')).toHaveText('Entry deleted');
  await expect(rowNamed(page, 'Buoy 4 leaking')).toHaveCount(0);
  // Keyboard: the Undo button is reachable and works with Enter.
  await toast.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  await expect(toast.getByRole('status')).toHaveText('Entry restored');
  await expect(rowNamed(page, 'Buoy 4 leaking')).toBeVisible();
  await expect(rowNamed(page, 'Buoy 4 leaking')).toContainText('Seal cracked');
  await expect(rowNamed(page, 'Buoy 4 leaking')).toHaveAttribute('data-pending', 'false');

  // Offline: the delete and its undo are both local writes; the entry never leaves.
  await context.setOffline(true);
  await openEntry(page, 'Buoy 4 leaking');
  await deleteOpenEntry(page);
  await expect(page.getByTestId('undo-toast').getByRole('status')).toHaveText('Entry deleted');
  await page.keyboard.press('Control+z');
  await expect(rowNamed(page, 'Buoy 4 leaking')).toBeVisible();
  await context.setOffline(false);
  await expect(rowNamed(page, 'Buoy 4 leaking')).toHaveAttribute('data-pending', 'false', {
    timeout: 20_000,
  });
  const pull = await page.request.get(`/api/notebooks/${notebookId}/trash`);
  expect((await pull.json()).items).toEqual([]);
});

test('Undo changes in the editor puts the earlier text back', async ({ page, baseURL }) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Notes');
  await addEntries(page, baseURL!, notebookId, [{ title: 'Tide table', body: 'High 06:10' }]);
  await openNotebook(page, notebookId, 'Notes');
  await openEntry(page, 'Tide table');
  await page.getByLabel('Text').fill('High 06:40 (wrong)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);
  await page.getByRole('button', { name: 'Undo changes' }).click();
  await expect(page.getByLabel('Text')).toHaveValue('High 06:10');
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Changes undone/);
  await page.reload();
  await expect(page.getByLabel('Text')).toHaveValue('High 06:10');
  await expect(page.getByRole('button', { name: 'Undo changes' })).toHaveCount(0);
});

test('a deleted entry restored from Recently deleted reappears for a teammate', async ({
  browser,
  baseURL,
}) => {
  const ana = await browser.newContext({ baseURL });
  const ben = await browser.newContext({ baseURL });
  const pageA = await ana.newPage();
  const pageB = await ben.newPage();
  await pageA.goto('/');
  await pageB.goto('/');
  await signUp(pageA, baseURL!, 'Ana');
  await signUp(pageB, baseURL!, 'Ben');
  const notebookId = await createNotebook(pageA, baseURL!, 'Shared');
  await addEntries(pageA, baseURL!, notebookId, [{ title: 'Mooring lines', body: 'Replace two' }]);
  await shareNotebook(pageA, pageB, baseURL!, notebookId);
  await openNotebook(pageA, notebookId, 'Shared');
  await openNotebook(pageB, notebookId, 'Shared');
  await expect(rowNamed(pageB, 'Mooring lines')).toBeVisible();

  await openEntry(pageA, 'Mooring lines');
  await deleteOpenEntry(pageA);
  await expect(rowNamed(pageB, 'Mooring lines')).toHaveCount(0, { timeout: 15_000 });

  await pageB.getByText('Recently deleted').click();
  await expect(pageB.getByTestId('trash-period')).toHaveText(
    'Deleted entries are kept for 30 days, then removed for good.',
  );
  const item = pageB.getByTestId('trash-item').filter({ hasText: 'Mooring lines' });
  await expect(item).toContainText('Replace two');
  await expect(item).toContainText('Deleted by Ana');
  await item.getByRole('button', { name: 'Restore “Mooring lines”' }).click();
  await expect(pageB.getByText('“Mooring lines” is back in this notebook.')).toBeVisible();
  await expect(rowNamed(pageB, 'Mooring lines')).toBeVisible();
  // Ana, who deleted it, sees it come back without reloading.
  await expect(rowNamed(pageA, 'Mooring lines')).toBeVisible({ timeout: 15_000 });
  await expect(rowNamed(pageA, 'Mooring lines')).toContainText('Replace two');
  await ana.close();
  await ben.close();
});

test('Earlier versions shows who wrote what and restores an old text', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Log');
  const [entryId] = await addEntries(page, baseURL!, notebookId, [
    { title: 'Engine', body: 'Oil at max' },
  ]);
  await updateEntry(page, baseURL!, notebookId, entryId!, { body: 'Oil at min' });
  await updateEntry(page, baseURL!, notebookId, entryId!, {
    title: 'Engine (port)',
    body: 'Oil topped up',
  });
  await openNotebook(page, notebookId, 'Log');
  await openEntry(page, 'Engine (port)');

  await page.getByText('Earlier versions').click();
  const versions = page.getByTestId('history-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('Engine');
  await expect(versions.nth(0)).toContainText('Oil at min');
  await expect(versions.nth(0)).toContainText('By Ana');
  await expect(versions.nth(1)).toContainText('Oil at max');
  await versions.nth(1).getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByLabel('Text')).toHaveValue('Oil at max');
  await expect(page.getByLabel('Title')).toHaveValue('Engine');
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);
  // The restore is an edit like any other: the text it replaced is now an earlier version too.
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toContainText('Oil topped up');
});

test('Forgot password: the e-mailed link sets a new password; the old one stops working', async ({
  page,
  baseURL,
  smtp,
}) => {
  await page.goto('/');
  const person = await signUp(page, baseURL!, 'Ana');
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email').fill(person.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('reset-asked')).toContainText(person.email);

  const mail = await smtp.waitFor(person.email);
  const link = new RegExp(
    `${baseURL!.replace(/[.]/g, '\\.')}/reset-password#[A-Za-z0-9_-]{43}`,
  ).exec(mail.text)?.[0];
  expect(link).toBeDefined();
  await page.goto(link!);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose a new password' }),
  ).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await page.getByLabel('New password', { exact: false }).first().fill('a brand new passphrase');
  await page.getByLabel('New password again').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByTestId('reset-done')).toBeVisible();

  const signIn = (password: string) =>
    page.request.post('/api/auth/sign-in', {
      data: { email: person.email, password },
      headers: { origin: baseURL! },
    });
  expect((await signIn(person.password)).status()).toBe(401);
  await page.context().clearCookies();
  await page.getByRole('link', { name: 'Sign in with your new password' }).click();
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
});

async function expectAccessibleAndNarrow(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect
    .soft(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `axe violations on ${screen}`,
    )
    .toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect.soft(width, `${screen} is wider than the screen`).toBeLessThanOrEqual(320);
}

test('the new screens pass axe and fit a 320 px phone', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto('/reset-password');
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await expectAccessibleAndNarrow(page, 'forgot password');
  await page.goto(`/reset-password#${'x'.repeat(43)}`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose a new password' }),
  ).toBeVisible();
  await expectAccessibleAndNarrow(page, 'choose a new password');

  await signUp(page, baseURL!, 'Pia');
  const notebookId = await createNotebook(page, baseURL!, 'A notebook with a rather long name');
  const [keptId] = await addEntries(page, baseURL!, notebookId, [
    { title: 'An entry with a long title that has to wrap somewhere', body: 'First text' },
    { title: 'Soon deleted', body: 'x'.repeat(300) },
  ]);
  await updateEntry(page, baseURL!, notebookId, keptId!, { body: 'Second text' });
  await openNotebook(page, notebookId, 'A notebook with a rather long name');
  await openEntry(page, 'Soon deleted');
  await deleteOpenEntry(page);
  await expect(page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' })).toBeVisible();
  await expectAccessibleAndNarrow(page, 'the undo toast');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByText('Recently deleted').click();
  await expect(page.getByTestId('trash-item')).toHaveCount(1);
  await expectAccessibleAndNarrow(page, 'recently deleted');
  await openEntry(page, 'An entry with a long title that has to wrap somewhere');
  await page.getByText('Earlier versions').click();
  await expect(page.getByTestId('history-version')).toHaveCount(1);
  await expectAccessibleAndNarrow(page, 'earlier versions');
  await context.close();
});
