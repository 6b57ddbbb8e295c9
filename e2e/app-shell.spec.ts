// The app shell: installs its service worker on the first visit, then opens offline — reloads and
// deep links alike — and navigates between pages without a page load.
import { expect, test, waitForController } from './fixtures';
import { newUser, signUpViaApi } from './support/accounts';

// The notebook pages need someone signed in (signed out, the shell shows sign-in in their place),
// so each test starts with an account, signed in through the context's cookie jar.
test.beforeEach(async ({ context }) => {
  await signUpViaApi(context.request, newUser('Shell'));
});

test('first visit installs the service worker and reports it ready', async ({ page }) => {
  await page.goto('/');
  await waitForController(page);
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('worker-status')).toHaveText('Ready to work offline');
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await expect(page).toHaveTitle('Notebooks · Tideline');

  // Said once, after the install: on later opens it goes without saying.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
  await expect(page.getByTestId('worker-status')).toHaveCount(0);
});

test('offline, a reload and a deep link both render the shell from the cache', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await waitForController(page);
  // Signed in and confirmed: the user is cached on this device, so the app opens offline.
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await context.setOffline(true);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveText('Offline');

  await page.goto('/notebooks/x');
  await expect(page.getByRole('heading', { level: 1, name: 'Notebook' })).toBeVisible();
  await expect(page.getByTestId('notebook-missing')).toContainText('You are offline');

  await page.goto('/notebooks/x/entries/y');
  await expect(page.getByRole('heading', { level: 1, name: 'Entry' })).toBeVisible();

  // Each page is its own chunk, fetched online only when opened; the service worker precached
  // them all on the first visit, so pages never opened online open offline too.
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
});

test('links navigate without a page load and move focus to the new heading', async ({ page }) => {
  await page.goto('/');
  await waitForController(page);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const heading = page.getByRole('heading', { level: 1, name: 'Settings' });
  await expect(heading).toBeFocused();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
  // Same document throughout: the marker set before navigating survives.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});

test('an unknown path shows a not-found page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your notebooks' }).click();
  await expect(page).toHaveURL(/\/notebooks$/);
});

test('settings report this build and the offline build in control', async ({ page }) => {
  await page.goto('/settings');
  await waitForController(page);
  await page.reload();
  const pageBuild = await page.getByTestId('page-build').textContent();
  expect(pageBuild?.trim()).toMatch(/^\d+\.\d+\.\d+\+/);
  await expect(page.getByTestId('worker-build')).toHaveText(pageBuild!.trim());
  await expect(page.getByTestId('capabilities')).toContainText('Refreshes on a schedule');
});
