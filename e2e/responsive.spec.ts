// Small screens: at 320 px wide (the narrowest phones) no page scrolls sideways.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';

test.use({ viewport: { width: 320, height: 640 } });

async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${screen} is wider than the screen`).toBeLessThanOrEqual(320);
}

test('no page is wider than a 320 px phone', async ({ page, baseURL }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Tideline' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'the welcome screen');
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'sign-in');

  await signUp(page, baseURL!, 'Pia');
  const notebookId = await createNotebook(page, baseURL!, 'A notebook with a rather long name');
  const [entryId] = await addEntries(page, baseURL!, notebookId, [
    { title: 'An entry with a long title that has to wrap somewhere', tags: ['one', 'two'] },
  ]);
  const screens: [string, string][] = [
    ['/notebooks', 'A notebook with a rather long name'],
    [`/notebooks/${notebookId}`, 'A notebook with a rather long name'],
    [`/notebooks/${notebookId}/entries/${entryId}`, 'An entry with a long title'],
    [`/notebooks/${notebookId}/entries/new`, 'New entry'],
    ['/settings', 'Settings'],
    ['/no/such/page', 'Page not found'],
  ];
  for (const [path, text] of screens) {
    await page.goto(path);
    await expect(page.getByText(text).first()).toBeVisible();
    await expectNoSidewaysScroll(page, path);
  }
});
