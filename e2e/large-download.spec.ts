// A large download handed to the sync worker, interrupted: the device goes offline while the
// worker is fetching pages. The status bar says Tideline is offline and will carry on (not
// "error"), and once the network is back the download resumes from where it stopped, with its
// progress in the status bar.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { addEntries, createNotebook, signUp, teamTest as test } from './fixtures/team';
import { storedEntryCount } from './support/storedEntries';

const ENTRIES = 5000;

async function seedNotebook(page: Page, baseURL: string, name: string): Promise<string> {
  const notebookId = await createNotebook(page, baseURL, name);
  for (let start = 0; start < ENTRIES; start += 500) {
    await addEntries(
      page,
      baseURL,
      notebookId,
      Array.from({ length: 500 }, (_, i) => ({
        title: `Reading ${start + i}`,
        tags: ['gauge', (start + i) % 5 === 0 ? 'checked' : 'unchecked'],
      })),
    );
  }
  return notebookId;
}

test('a download in the sync worker cut off by going offline says so, and resumes back online', async ({
  context,
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await seedNotebook(page, baseURL!, 'Tide gauge');

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

// Everything the notebook page says, sampled every 30 ms from its first render (shadow roots
// included), so a message shown for a moment is caught.
const RECORD_PAGE_TEXT = `
  window.__pageTexts = new Set();
  const textOf = (root) => {
    let text = '';
    for (const node of root.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
      else if (node.nodeType === Node.ELEMENT_NODE) {
        text += ' ' + textOf(node.shadowRoot ?? node) + ' ';
      }
    }
    return text;
  };
  setInterval(() => {
    const page = document.querySelector('tl-app')?.shadowRoot?.querySelector('tl-notebook-page');
    if (page?.shadowRoot) window.__pageTexts.add(textOf(page.shadowRoot).replace(/\\s+/g, ' ').trim());
  }, 30);
`;

test('a large notebook opened on a new device right after signing in shows its download from the first moment', async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const ana = await signUp(page, baseURL!, 'Ana');
  const notebookId = await seedNotebook(page, baseURL!, 'Tide gauge');

  // Ana's new phone: signed in, straight to the notebook's link.
  const phone = await browser.newContext({ baseURL });
  const second = await phone.newPage();
  await second.addInitScript(RECORD_PAGE_TEXT);
  await second.goto('/');
  const signIn = await second.request.post('/api/auth/sign-in', {
    data: { email: ana.email, password: ana.password },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(signIn.ok(), await signIn.text()).toBe(true);
  await second.goto(`/notebooks/${notebookId}`);
  await expect(second.getByTestId('entry-count')).toContainText('5,000 entries', {
    timeout: 60_000,
  });
  const texts = await second.evaluate(() => [
    ...(window as unknown as { __pageTexts: Set<string> }).__pageTexts,
  ]);
  const said = texts.join('\n');
  // Never "not on this device… sign in and sync" to someone signed in, nor a raw id, nor
  // "No entries yet" for a notebook on its way.
  expect(said).not.toContain('not on this device');
  expect(said).not.toContain(notebookId);
  expect(said).not.toContain('No entries yet');
  // The download's progress was on screen while it ran.
  expect(said).toMatch(/Downloading|Receiving/);
  await phone.close();
});
