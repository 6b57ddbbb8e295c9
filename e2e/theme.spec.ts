// Themes: the app follows the system's light or dark preference until the user picks one in
// Settings; the choice persists across reloads and is applied before the first paint.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

const LIGHT_BG = 'rgb(244, 247, 251)';
const DARK_BG = 'rgb(11, 23, 36)';

test('follows the system until a theme is chosen; the choice survives reloads', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(await background(page)).toBe(LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background(page)).toBe(DARK_BG);

  // Chosen light beats a dark system.
  const theme = page.getByRole('group', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'Same as this device' })).toBeChecked();
  await theme.getByRole('radio', { name: 'Light' }).check();
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  await page.reload();
  // Set by the boot script before the app's modules have run.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe(LIGHT_BG);
  await expect(
    page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Light' }),
  ).toBeChecked();

  // Chosen dark beats a light system, and colours the browser's UI to match.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await page.reload();
  expect(await background(page)).toBe(DARK_BG);
  const colours = await page
    .locator('meta[name="theme-color"]')
    .evaluateAll((metas) => metas.map((meta) => (meta as HTMLMetaElement).content));
  expect(new Set(colours)).toEqual(new Set(['#0b2239']));

  // Back to the system's choice.
  await page
    .getByRole('group', { name: 'Theme' })
    .getByRole('radio', { name: 'Same as this device' })
    .check();
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await page.reload();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background(page)).toBe(LIGHT_BG);
});

test('the chosen theme is on the page before any module script runs', async ({
  browser,
  baseURL,
}) => {
  // No service worker, so every request reaches the route below.
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/settings');
  await page.evaluate(() => localStorage.setItem('tideline-theme', 'dark'));
  // Block the app's scripts: only the boot script can have set the theme.
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK_BG);
  // The app really did not start.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  await context.close();
});
