// Nothing typed is lost, and a stale draft does not silently overwrite a teammate: the entry
// editor saves as the person types, so what they wrote survives the back link, the browser's
// Back, a reload and a killed tab; and when a teammate changes a field they are editing, the
// editor says so at once with both texts, and the server flags an overwrite as a conflict.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
  teamTest as test,
} from './fixtures/team';

function rowNamed(page: Page, title: string) {
  return page.getByTestId('entry-row').filter({ hasText: title });
}

async function openEntry(page: Page, title: string) {
  await rowNamed(page, title).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** The editor's own word that what was typed is on this device. */
async function savedHere(page: Page) {
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Saved on this device|Synced/);
}

test('what is typed survives the back link, Back, a reload and a killed tab', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Harbour log');
  await addEntries(page, baseURL!, notebookId, [{ title: 'Buoy 4', body: 'Calm' }]);
  await openNotebook(page, notebookId, 'Harbour log');
  const rows = page.getByTestId('entry-row');
  await expect(rows).toHaveCount(1);

  // Opening the form for a new entry creates nothing.
  await page.getByRole('link', { name: 'New entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByRole('link', { name: '← Harbour log' }).click();
  await expect(rows).toHaveCount(1);

  // A new entry left by its back link straight after typing is kept.
  await page.getByRole('link', { name: 'New entry' }).click();
  // The editor is there: until then 'Title' also names the list's "Search title and text".
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').fill('Seal on the slipway');
  await page.getByLabel('Text').fill('Grey seal hauled out at 14:10');
  await page.getByRole('link', { name: '← Harbour log' }).click();
  await expect(rowNamed(page, 'Seal on the slipway')).toContainText('Grey seal hauled out');
  await expect(rows).toHaveCount(2);

  // An edited entry left with the browser's Back straight after typing keeps the edit.
  await openEntry(page, 'Buoy 4');
  await page.getByLabel('Text').fill('Seal cracked');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour log' })).toBeVisible();
  await openEntry(page, 'Buoy 4');
  await expect(page.getByLabel('Text')).toHaveValue('Seal cracked');

  // Typing keeps focus in the field while the new entry gets its own address.
  await page.getByRole('link', { name: '← Harbour log' }).click();
  await page.getByRole('link', { name: 'New entry' }).click();
  // The editor is there: until then 'Title' also names the list's "Search title and text".
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').pressSequentially('Tide gauge', { delay: 30 });
  await expect(page).toHaveURL(/\/entries\/[0-9a-f-]{36}$/);
  await page.getByLabel('Title').pressSequentially(' reading', { delay: 30 });
  await expect(page.getByLabel('Title')).toBeFocused();
  await expect(page.getByLabel('Title')).toHaveValue('Tide gauge reading');

  // A reload finds the draft.
  await page.getByLabel('Text').fill('2.1 m at noon');
  await savedHere(page);
  await page.reload();
  await expect(page.getByLabel('Title')).toHaveValue('Tide gauge reading');
  await expect(page.getByLabel('Text')).toHaveValue('2.1 m at noon');

  // So does a new tab after this one was closed without asking it (no beforeunload).
  const url = page.url();
  await page.getByLabel('Text').fill('2.1 m at noon, 2.4 m at 15:00');
  await savedHere(page);
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByLabel('Text')).toHaveValue('2.1 m at noon, 2.4 m at 15:00');
});

test('a teammate’s change to a field being edited shows at once, and a stale draft is flagged', async ({
  browser,
  baseURL,
}) => {
  const contextA = await browser.newContext({ baseURL });
  const contextB = await browser.newContext({ baseURL });
  const ana = await contextA.newPage();
  const ben = await contextB.newPage();
  await ana.goto('/');
  await ben.goto('/');
  await signUp(ana, baseURL!, 'Ana');
  await signUp(ben, baseURL!, 'Ben');
  const notebookId = await createNotebook(ana, baseURL!, 'Site access');
  await addEntries(ana, baseURL!, notebookId, [{ title: 'Gate code', body: 'Code 0000' }]);
  await shareNotebook(ana, ben, baseURL!, notebookId);
  for (const page of [ana, ben]) {
    await openNotebook(page, notebookId, 'Site access');
    await openEntry(page, 'Gate code');
  }

  // Ana writes; her saves as she types are hers, never a conflict.
  await ana.getByLabel('Text').fill('Code 12');
  await savedHere(ana);
  await ana.getByLabel('Text').fill('Code 1234 (Ana)');
  await expect(ana.getByTestId('entry-sync-state')).toHaveText(/Synced/);
  // Ben sees her text arrive, then replaces it.
  await expect(ben.getByLabel('Text')).toHaveValue('Code 1234 (Ana)');
  await ben.getByLabel('Text').fill('Code 9876 (Ben)');
  await expect(ben.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  // Ana's open editor says so as it happens, with both texts; her text stays in the field.
  const notice = ana.getByTestId('teammate-edits');
  await expect(notice.getByRole('heading', { level: 2 })).toHaveText(
    'Ben changed this while you were editing',
  );
  await expect(notice.getByTestId('teammate-theirs')).toHaveText('Code 9876 (Ben)');
  await expect(notice.getByTestId('teammate-mine')).toHaveText('Code 1234 (Ana)');
  await expect(ana.getByLabel('Text')).toHaveValue('Code 1234 (Ana)');
  for (const page of [ana, ben]) await expect(page.getByTestId('conflict')).toHaveCount(0);

  // She types on without answering: her stale draft overwrites Ben's text, and the server
  // flags it — on both devices — with Ben's text kept.
  await ana.getByLabel('Text').fill('Code 1234 (Ana), gate sticks');
  for (const page of [ana, ben]) {
    await expect(page.getByTestId('conflict')).toContainText('Code 9876 (Ben)');
  }
  // Ben, who had touched the field, hears of Ana's change the same way, and takes her text:
  // the field, both devices and the conflict settle on it.
  const benNotice = ben.getByTestId('teammate-edits');
  await expect(benNotice.getByRole('heading', { level: 2 })).toHaveText(
    'Ana changed this while you were editing',
  );
  await expect(benNotice.getByTestId('teammate-theirs')).toHaveText('Code 1234 (Ana), gate sticks');
  await expect(benNotice.getByTestId('teammate-mine')).toHaveText('Code 9876 (Ben)');
  await benNotice.getByRole('button', { name: 'Use Ana’s' }).click();
  await expect(benNotice).toHaveCount(0);
  await expect(ben.getByLabel('Text')).toHaveValue('Code 1234 (Ana), gate sticks');
  for (const page of [ana, ben]) {
    await expect(page.getByTestId('conflict')).toHaveCount(0);
    await expect(page.getByTestId('teammate-edits')).toHaveCount(0);
    await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);
  }
  await contextA.close();
  await contextB.close();
});
