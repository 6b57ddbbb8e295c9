// Sharing between two people (two browser contexts, two accounts) on a real server: an owner
// makes an invite link in the members dialog, a teammate opens it signed out, signs up, joins and
// sees the notebook; role changes and renames reach the teammate's open app through the event
// stream; and a change the server refuses shows up in the dead letters with its reason.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { newUser, signInWithForm, signUpThroughUi, type TestUser } from './support/accounts';

interface Person {
  context: BrowserContext;
  page: Page;
}

async function person(browser: Browser, baseURL: string): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

async function createNotebook(page: Page, name: string): Promise<void> {
  await page.getByLabel('New notebook').fill(name);
  await page.getByRole('button', { name: 'Create notebook' }).click();
  const item = page.getByRole('listitem').filter({ hasText: name });
  await expect(item.getByRole('link', { name })).toBeVisible();
  await expect(item.getByTestId('pending')).toHaveCount(0);
}

test('an invite link brings a teammate in; role changes and renames reach them live', async ({
  browser,
  server,
}) => {
  const ana: TestUser = newUser('Ana');
  const ben: TestUser = newUser('Ben');
  const a = await person(browser, server.baseURL);
  const b = await person(browser, server.baseURL);

  await signUpThroughUi(a.page, ana);
  await createNotebook(a.page, 'Field notes');

  // Ana makes an editor invite link in the members dialog.
  const membersButton = a.page.getByRole('button', { name: 'Members of Field notes' });
  await membersButton.click();
  const dialog = a.page.getByRole('dialog', { name: 'Members of “Field notes”' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('members')).toContainText(`${ana.name} (you)`);
  await dialog.getByLabel('They join as').selectOption('editor');
  await dialog.getByRole('button', { name: 'Create invite link' }).click();
  const linkField = dialog.getByLabel('Invite link');
  await expect(linkField).toHaveValue(new RegExp(`^${server.baseURL}/join/[\\w-]+$`));
  const link = await linkField.inputValue();
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Copied|did not allow copying/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(membersButton).toBeFocused();

  // Ben opens it signed out: sign-up first, then back to the invite.
  const token = link.split('/join/')[1]!;
  await b.page.goto(link);
  await expect(b.page).toHaveURL(`/sign-in?next=${encodeURIComponent(`/join/${token}`)}`);
  await b.page.getByRole('button', { name: 'Create an account' }).click();
  await b.page.getByLabel('Your name').fill(ben.name);
  await b.page.getByLabel('Email').fill(ben.email);
  await b.page.getByLabel('Password').fill(ben.password);
  await b.page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(b.page).toHaveURL(`/join/${token}`);
  await expect(b.page.getByTestId('join-preview')).toContainText(
    'Ana invited you to Field notes as an editor',
  );
  await b.page.getByRole('button', { name: 'Join Field notes' }).click();
  await expect(b.page).toHaveURL(/\/notebooks\/[0-9a-f-]{36}$/);

  await b.page.getByRole('link', { name: 'Notebooks', exact: true }).click();
  const benItem = b.page.getByRole('listitem').filter({ hasText: 'Field notes' });
  await expect(benItem.getByTestId('role')).toHaveText('Editor');
  // An editor can see the members but not manage the notebook.
  await expect(benItem.getByRole('button', { name: 'Rename Field notes' })).toHaveCount(0);

  // Ana sees Ben, makes him a viewer; Ben's open app follows without a reload.
  await membersButton.click();
  await expect(dialog.getByTestId('members')).toContainText(ben.name);
  await expect(dialog.getByTestId('invites')).toContainText('1 of 10 used');
  await dialog.getByLabel(`Role of ${ben.name}`).selectOption('viewer');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(benItem.getByTestId('role')).toHaveText('Viewer');

  // Ana revokes the link; it stays listed as revoked.
  await dialog.getByRole('button', { name: /^Revoke editor link/ }).click();
  await expect(dialog.getByTestId('invites')).toContainText('Editor link · Revoked');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A rename reaches Ben through the event stream.
  await a.page.getByRole('button', { name: 'Rename Field notes' }).click();
  await a.page.getByLabel('New name for “Field notes”').fill('Field notes 2026');
  await a.page.getByRole('button', { name: 'Save' }).click();
  await expect(b.page.getByRole('link', { name: 'Field notes 2026' })).toBeVisible();

  // A link that does not work says so.
  await b.page.goto('/join/not-a-real-token');
  await expect(b.page.getByTestId('join-error')).toContainText(
    'This invite link is invalid or has expired.',
  );

  // Ben leaves; the notebook leaves his device.
  await b.page.goto('/notebooks');
  await b.page.getByRole('button', { name: 'Members of Field notes 2026' }).click();
  await b.page.getByRole('button', { name: 'Leave this notebook' }).click();
  await b.page.getByRole('alertdialog').getByRole('button', { name: 'Leave notebook' }).click();
  await expect(b.page.getByRole('link', { name: 'Field notes 2026' })).toHaveCount(0);
  await expect(b.page.getByTestId('notebooks-empty')).toBeVisible();

  await a.context.close();
  await b.context.close();
});

test('a change the server refuses lands in the dead letters with its reason', async ({
  browser,
  server,
}) => {
  // Two devices of one owner: one renames offline while the other deletes the notebook.
  const eva = newUser('Eva');
  const laptop = await person(browser, server.baseURL);
  const phone = await person(browser, server.baseURL);
  await signUpThroughUi(laptop.page, eva);
  await createNotebook(laptop.page, 'Trip');

  await phone.page.goto('/sign-in');
  await signInWithForm(phone.page, eva);
  await expect(phone.page.getByRole('link', { name: 'Trip' })).toBeVisible();

  await laptop.context.setOffline(true);
  await laptop.page.getByRole('button', { name: 'Rename Trip' }).click();
  await laptop.page.getByLabel('New name for “Trip”').fill('Trip 2026');
  await laptop.page.getByRole('button', { name: 'Save' }).click();
  await expect(laptop.page.getByTestId('pending-count')).toHaveText('1 change waiting');

  await phone.page.getByRole('button', { name: 'Delete Trip' }).click();
  await phone.page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Delete notebook' })
    .click();
  await expect(phone.page.getByRole('link', { name: 'Trip' })).toHaveCount(0);
  await expect(phone.page.getByTestId('pending-count')).toHaveCount(0);

  await laptop.context.setOffline(false);
  const refused = laptop.page.getByTestId('dead-letters-button');
  await expect(refused).toHaveText('1 change refused');
  await expect(laptop.page.getByRole('link', { name: /^Trip/ })).toHaveCount(0);
  await refused.click();
  const dialog = laptop.page.getByRole('dialog', { name: 'Changes the server refused' });
  await expect(dialog).toBeVisible();
  const letter = dialog.getByRole('listitem');
  await expect(letter).toContainText('Rename a notebook to “Trip 2026”');
  await expect(letter.getByTestId('reason')).toHaveText(
    'The notebook or entry no longer exists, or you are no longer a member of the notebook. Discard this change.',
  );

  // Retrying cannot work (the notebook is gone here too) and says why; discarding clears it.
  await letter.getByRole('button', { name: /^Retry/ }).click();
  await expect(letter.getByRole('alert')).toContainText('not on this device any more');
  await letter.getByRole('button', { name: /^Discard/ }).click();
  await expect(dialog).toContainText('Nothing here: every change reached the server.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(refused).toHaveCount(0);

  await laptop.context.close();
  await phone.context.close();
});
