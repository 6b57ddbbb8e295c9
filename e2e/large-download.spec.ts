// A large download handed to the sync worker, interrupted: the device goes offline while the
// worker is fetching pages. The status bar says Tideline is offline and will carry on (not
// "error"), and once the network is back the download resumes from where it stopped, with its
// progress in the status bar.
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';
import { storedEntryCount } from './support/storedEntries';

const ENTRIES = 5000;

test('a download in the sync worker cut off by going offline says so, and resumes back online', async ({
  context,
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Tide gauge');
  for (let start = 0; start < ENTRIES; start += 500) {
    await addEntries(
      page,
      baseURL!,
      notebookId,
      Array.from({ length: 500 }, (_, i) => ({
        title: `Reading ${start + i}`,
        tags: ['gauge', (start + i) % 5 === 0 ? 'checked' : 'unchecked'],
      })),
    );
  }

  // The worker asks for the largest pages (2,000); the page's own sync for the default. The
  // worker's first page arrives; as it asks for the second, the device goes offline.
  const limits: (number | undefined)[] = [];
  let cut = false;
  await context.route('**/api/sync/pull', async (route) => {
    const limit = (route.request().postDataJSON() as { limit?: number }).limit;
    limits.push(limit);
    if (limit === 2000 && !cut && limits.filter((seen) => seen === 2000).length === 2) {
      cut = true;
      await context.setOffline(true);
      await route.abort('internetdisconnected');
      return;
    }
    // Resumed: the worker's pages come slowly, so the status bar has time to show its progress.
    if (limit === 2000 && cut) await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  // Signed in now: the app's first sync finds 5,000 versions to fetch and hands them over.
  await page.reload();

  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
  await expect(status).toContainText('back online');
  expect(cut).toBe(true);
  const stored = await storedEntryCount(page, notebookId);
  expect(stored).toBeGreaterThan(0);
  expect(stored).toBeLessThan(ENTRIES);

  await context.setOffline(false);
  // The engine's sync hands the rest to the worker again; the worker's progress is the engine's.
  const bar = page.getByRole('progressbar', { name: 'Sync progress' });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  // The engine stores nothing itself; the worker reports its pages of what is left (a page ends
  // at 2,000 entries or at the server's byte budget per pull, whichever comes first).
  await expect(status).toContainText(/Receiving \d+ of \d+ entries/, { timeout: 30_000 });
  await expect.poll(() => storedEntryCount(page, notebookId), { timeout: 60_000 }).toBe(ENTRIES);
  await expect(status).toHaveAttribute('data-status', 'idle');
  // The rest went through the worker again, from where it stopped.
  expect(limits.filter((limit) => limit === 2000).length).toBeGreaterThan(2);

  // The notebook's tag counts, counted in the worker that is still running (the app is not
  // reloaded), are offered in the filter.
  await page
    .getByRole('link', { name: /Tide gauge/ })
    .first()
    .click();
  await expect(page).toHaveURL(`/notebooks/${notebookId}`);
  await expect(page.getByLabel('Tag').locator('option')).toHaveText([
    'All tags',
    'checked (1000)',
    'gauge (5000)',
    'unchecked (4000)',
  ]);
});
