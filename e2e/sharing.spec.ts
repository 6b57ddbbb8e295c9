// Sharing between two people (two browser contexts, two accounts) on a real server: an owner
// makes an invite link in the members dialog, a teammate opens it signed out, signs up, joins and
// sees the notebook; role changes and renames reach the teammate's open app through the event
// stream; a change the server refuses shows up in the dead letters with its reason; and an
// editor made a viewer while offline finds the edits made meanwhile refused, kept, and retryable
// once they may write again.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test, waitForController } from './fixtures';
import {
  addEntries,
  createNotebook as createNotebookViaApi,
  openNotebook,
  shareNotebook,
  signUp,
} from './fixtures/team';
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

/** The titles of a notebook's entries as the server has them (a pull as a fresh client). */
async function serverEntryTitles(page: Page, baseURL: string, notebookId: string) {
  const response = await page.request.post('/api/sync/pull', {
    data: { clientId: randomUUID(), cursors: {} },
    headers: { origin: baseURL },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as {
    changes: { notebookId: string; entries: { deleted: boolean; fields?: { title: string } }[] }[];
  };
  return body.changes
    .filter((change) => change.notebookId === notebookId)
    .flatMap((change) => change.entries)
    .flatMap((entry) => (entry.deleted ? [] : [entry.fields!.title]))
    .sort();
}

async function setRole(
  owner: Page,
  baseURL: string,
  notebookId: string,
  userId: string,
  role: 'editor' | 'viewer',
) {
  const response = await owner.request.patch(`/api/notebooks/${notebookId}/members/${userId}`, {
    data: { role },
    headers: { origin: baseURL },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

test("a viewer's writes are refused, kept in the dead letters with the reason, and retryable", async ({
  browser,
  server,
}) => {
  const { baseURL } = server;
  const a = await person(browser, baseURL);
  const b = await person(browser, baseURL);
  await signUp(a.page, baseURL, 'Ana');
  const ben = await signUp(b.page, baseURL, 'Ben');
  const notebookId = await createNotebookViaApi(a.page, baseURL, 'Harbour log');
  await addEntries(a.page, baseURL, notebookId, [
    { title: 'Gauge check', body: 'Reading 2.1 m at noon.' },
  ]);
  await shareNotebook(a.page, b.page, baseURL, notebookId, 'editor');
  await openNotebook(b.page, notebookId, 'Harbour log');
  const rows = b.page.getByTestId('entry-row');
  await expect(rows).toHaveCount(1);
  // Offline, pages not opened yet come from the service worker's precache.
  await waitForController(b.page);

  // Ben, an editor, works offline: corrects an entry and writes a new one. The API is also cut by
  // route, so no request of his context — the service worker's included — reaches the server.
  await b.context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await b.context.setOffline(true);
  await rows.filter({ hasText: 'Gauge check' }).getByRole('link').click();
  await b.page.getByLabel('Title').fill('Gauge check, corrected');
  await b.page.getByLabel('Text').fill('Reading 2.4 m at noon; the float was stuck.');
  await b.page.getByRole('button', { name: 'Save' }).click();
  await expect(b.page.getByTestId('entry-sync-state')).toHaveText(/not yet synced/);
  await b.page.getByRole('link', { name: '← Harbour log' }).click();
  await b.page.getByRole('link', { name: 'New entry' }).click();
  // The editor is there: until then 'Title' also names the list's "Search title and text".
  await expect(b.page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await b.page.getByLabel('Title').fill('Seal on the slipway');
  await b.page.getByLabel('Text').fill('Grey seal hauled out at 14:10, left at 15:00.');
  await b.page.getByRole('button', { name: 'Create entry' }).click();
  await expect(
    b.page.getByRole('heading', { level: 1, name: 'Seal on the slipway' }),
  ).toBeVisible();
  await expect(b.page.getByTestId('pending-count')).toHaveText('2 changes waiting');

  // Meanwhile Ana makes Ben a viewer.
  await setRole(a.page, baseURL, notebookId, ben.id, 'viewer');

  // Back online, the server refuses both: they leave the queue for the dead letters, and Ben's
  // device shows the notebook as the server has it.
  await b.context.unroute('**/api/**');
  await b.context.setOffline(false);
  const refused = b.page.getByTestId('dead-letters-button');
  await expect(refused).toHaveText('2 changes refused');
  await expect(b.page.getByTestId('pending-count')).toHaveCount(0);
  await expect(b.page.getByTestId('entry-missing')).toBeVisible();
  await b.page.getByRole('link', { name: 'Back to the notebook' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Gauge check');
  await expect(rows.first()).toContainText('Reading 2.1 m at noon.');
  await expect(rows.first()).toHaveAttribute('data-pending', 'false');
  await expect(b.page.getByText('Read only')).toBeVisible();

  await refused.click();
  const dialog = b.page.getByRole('dialog', { name: 'Changes the server refused' });
  await expect(dialog).toBeVisible();
  const letters = dialog.getByRole('listitem');
  await expect(letters).toHaveCount(2);
  const correction = letters.filter({ hasText: 'Change to entry “Gauge check, corrected”' });
  const created = letters.filter({ hasText: 'New entry “Seal on the slipway”' });
  for (const letter of [correction, created]) {
    await expect(letter).toContainText('in “Harbour log”');
    await expect(letter.getByTestId('reason')).toHaveText(
      'You are not allowed to make this change: viewers cannot change entries in this notebook. If the notebook’s owner gives you more access, retry it; otherwise discard it.',
    );
  }
  // Nothing Ben wrote is lost: each refused change keeps his text, ready to copy.
  await expect(correction.getByRole('textbox')).toHaveValue(
    'Gauge check, corrected\n\nReading 2.4 m at noon; the float was stuck.',
  );
  await expect(created.getByRole('textbox')).toHaveValue(
    'Seal on the slipway\n\nGrey seal hauled out at 14:10, left at 15:00.',
  );
  await created.getByRole('button', { name: /^Copy text/ }).click();
  await expect(created.getByRole('status')).toHaveText(/Copied your text|did not allow copying/);

  // Retrying as a viewer is refused on the device, and says why.
  await correction.getByRole('button', { name: /^Retry/ }).click();
  await expect(correction.getByRole('alert')).toHaveText(
    'You can read this notebook but not change it. Ask its owner to make you an editor.',
  );
  await expect(letters).toHaveCount(2);

  // Ana makes Ben an editor again: the retried correction goes through; the new entry is discarded.
  await setRole(a.page, baseURL, notebookId, ben.id, 'editor');
  await expect(b.page.getByText('Read only')).toHaveCount(0);
  await correction.getByRole('button', { name: /^Retry/ }).click();
  await expect(letters).toHaveCount(1);
  await created.getByRole('button', { name: /^Discard/ }).click();
  await expect(dialog).toContainText('Nothing here: every change reached the server.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(refused).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Gauge check, corrected');
  await expect(rows.first()).toHaveAttribute('data-pending', 'false');
  expect(await serverEntryTitles(a.page, baseURL, notebookId)).toEqual(['Gauge check, corrected']);

  await a.context.close();
  await b.context.close();
});
