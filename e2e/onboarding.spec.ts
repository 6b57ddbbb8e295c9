// Onboarding: a first visit explains Tideline on one screen, "Get started" creates the account
// and a first notebook with a welcome entry (synced like any local write), and the user writes a
// first entry. An invite link opened by someone new lands them in the shared notebook.
import { expect } from './fixtures';
import { createNotebook, signUp, teamTest as test } from './fixtures/team';
import { newUser, serverNotebookNames } from './support/accounts';

test('first visit: the welcome screen, sign up, a welcome notebook, then a first entry', async ({
  page,
  server,
}) => {
  const ana = newUser('Ana');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' })).toBeVisible();
  await expect(page).toHaveTitle('Welcome · Tideline');
  for (const feature of ['Works offline', 'Shared notebooks', 'Background refresh', 'Alerts']) {
    await expect(page.getByRole('heading', { level: 2, name: feature })).toBeVisible();
  }

  await page.getByRole('button', { name: 'Get started' }).click();
  const heading = page.getByRole('heading', { level: 1, name: 'Create your account' });
  await expect(heading).toBeFocused();
  await page.getByLabel('Your name').fill(ana.name);
  await page.getByLabel('Email').fill(ana.email);
  await page.getByLabel('Password').fill(ana.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();

  // The first notebook opens, holding the welcome entry.
  await expect(page.getByRole('heading', { level: 1, name: 'Ana’s notebook' })).toBeVisible();
  await expect(page).toHaveURL(/\/notebooks\/[0-9a-f-]{36}$/);
  const welcome = page.getByTestId('entry-row').filter({ hasText: 'Welcome to Tideline' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('#welcome');
  // Written through the outbox like anything else: the server has it.
  await expect
    .poll(() => serverNotebookNames(server.baseURL, ana), { timeout: 15_000 })
    .toEqual(['Ana’s notebook']);

  await page.getByRole('link', { name: 'New entry' }).click();
  // The editor is there: until then 'Title' also names the list's "Search title and text".
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').fill('Check the moorings');
  await page.getByRole('button', { name: 'Create entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check the moorings' })).toBeVisible();
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  // This device has been signed in on: signed out, it asks to sign in, not the welcome again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('"I already have an account" goes to the sign-in form; no notebook is made', async ({
  page,
  baseURL,
  browser,
}) => {
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  const cleo = await signUp(otherPage, baseURL!, 'Cleo');
  await other.close();

  await page.goto('/notebooks');
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused();
  await page.getByLabel('Email').fill(cleo.email);
  await page.getByLabel('Password').fill(cleo.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await expect(page.getByTestId('notebooks-empty')).toContainText('No notebooks yet');
});

test('an invite link opened by someone new: sign up, join, and land in the notebook', async ({
  page,
  baseURL,
  browser,
}) => {
  const owner = await browser.newContext({ baseURL });
  const ownerPage = await owner.newPage();
  await signUp(ownerPage, baseURL!, 'Dana');
  const notebookId = await createNotebook(ownerPage, baseURL!, 'Harbour log');
  const invite = await ownerPage.request.post(`/api/notebooks/${notebookId}/invites`, {
    data: { role: 'editor' },
    headers: { origin: baseURL! },
  });
  expect(invite.status()).toBe(201);
  const { token } = (await invite.json()) as { token: string };
  await owner.close();

  const eli = newUser('Eli');
  await page.goto(`/join/${token}`);
  await expect(page.getByTestId('invite-note')).toContainText('You were invited to a notebook');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill(eli.name);
  await page.getByLabel('Email').fill(eli.email);
  await page.getByLabel('Password').fill(eli.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();

  await expect(page.getByTestId('join-preview')).toContainText(
    'Dana invited you to Harbour log as an editor',
  );
  await page.getByRole('button', { name: 'Join Harbour log' }).click();
  await expect(page).toHaveURL(`/notebooks/${notebookId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour log' })).toBeVisible();
});
