// The keyboard alone: a notebook is made, an entry created, edited, tagged and completed with
// Tab, Enter, Space and typing only; the single-key shortcuts (n, /, s, ?) do their jobs and
// stay out of the way while the user types.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import { signUp, teamTest as test } from './fixtures/team';

/** Presses Tab until `target` has focus (it must be reachable within a page's worth of stops). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let stop = 0; stop < 60; stop += 1) {
    const focused = await target
      .evaluate((element) => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active === element;
      })
      .catch(() => false);
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('keyboard only: make a notebook, then create, edit, tag and complete an entry', async ({
  page,
  baseURL,
}) => {
  await signUp(page, baseURL!, 'Kim');
  await page.goto('/notebooks');
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();

  // n: the new-notebook field.
  await page.keyboard.press('n');
  await expect(page.getByLabel('New notebook')).toBeFocused();
  await page.keyboard.type('Harbour jobs');
  await page.keyboard.press('Enter');
  const notebookLink = page.getByRole('link', { name: 'Harbour jobs' });
  await expect(notebookLink).toBeVisible();
  await tabTo(page, notebookLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour jobs' })).toBeFocused();

  // n in a notebook: a new entry.
  await page.keyboard.press('n');
  // A new entry starts in its title, ready to type.
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await expect(page.getByLabel('Title')).toBeFocused();
  await page.keyboard.type('Replace buoy 4');
  // Typing "n" or "s" in a field is text, not a shortcut.
  await expect(page.getByLabel('Title')).toHaveValue('Replace buoy 4');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Text')).toBeFocused();
  await page.keyboard.type('The seal is cracked.');
  await tabTo(page, page.getByLabel('Add a tag'));
  await page.keyboard.type('repair');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tags')).toContainText('repair');
  await tabTo(page, page.getByRole('button', { name: 'Create entry' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Replace buoy 4' })).toBeVisible();
  await expect(page).toHaveURL(/\/entries\/[0-9a-f-]{36}$/);

  // Edit: a better title, a second tag, and done.
  await tabTo(page, page.getByLabel('Title'));
  await page.keyboard.press('End');
  await page.keyboard.type(' and its chain');
  await tabTo(page, page.getByLabel('Add a tag'));
  await page.keyboard.type('buoys');
  await page.keyboard.press('Enter');
  const done = page.getByRole('checkbox', { name: 'Done' });
  await tabTo(page, done);
  await page.keyboard.press('Space');
  await expect(done).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Save' }));
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Replace buoy 4 and its chain' }),
  ).toBeVisible();
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  // Back to the list by keyboard: the row shows all of it.
  await tabTo(page, page.getByRole('link', { name: '← Harbour jobs' }));
  await page.keyboard.press('Enter');
  const row = page.getByTestId('entry-row').filter({ hasText: 'Replace buoy 4 and its chain' });
  await expect(row).toContainText('#repair #buoys');
  await expect(row).toContainText('Done');
  await expect(row).toHaveAttribute('data-pending', 'false');

  // /: the search field, where typing filters.
  await page.getByRole('heading', { level: 1, name: 'Harbour jobs' }).focus();
  await page.keyboard.press('/');
  const search = page.getByLabel('Search title and text');
  await expect(search).toBeFocused();
  await page.keyboard.type('chain');
  await expect(search).toHaveValue('chain');
});

test('s syncs now, ? lists the shortcuts, Escape closes the list', async ({ page, baseURL }) => {
  await signUp(page, baseURL!, 'Lee');
  await page.goto('/notebooks');
  const heading = page.getByRole('heading', { level: 1, name: 'Notebooks' });
  await expect(page.getByTestId('last-synced')).toHaveText(/Synced/);

  // Sync may run in a worker: count pulls wherever they come from.
  let pulls = 0;
  page.context().on('request', (request) => {
    if (request.url().includes('/api/sync/pull')) pulls += 1;
  });
  await heading.focus();
  await page.keyboard.press('s');
  await expect.poll(() => pulls).toBeGreaterThan(0);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Sync now');
  // Shortcuts rest while a dialog is open.
  await page.keyboard.press('n');
  await expect(page.getByLabel('New notebook')).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(heading).toBeFocused();
});
