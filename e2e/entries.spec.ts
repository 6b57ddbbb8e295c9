// Entries end to end: writing on this device first (on screen at once, "not yet synced" until the
// server has it), the list's search and filters, teammates' changes arriving without a reload,
// offline edits converging, conflicts with both versions reachable, one sync at a time across
// tabs, a 100,000-entry notebook, and export/import through the sync worker.
import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
  teamTest as test,
  updateEntry,
} from './fixtures/team';

function rowNamed(page: Page, title: string) {
  return page.getByTestId('entry-row').filter({ hasText: title });
}

async function newEntry(page: Page, fields: { title: string; body?: string; tags?: string[] }) {
  await page.getByRole('link', { name: 'New entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  await page.getByLabel('Title').fill(fields.title);
  if (fields.body) await page.getByLabel('Text').fill(fields.body);
  for (const tag of fields.tags ?? []) {
    await page.getByLabel('Add a tag').fill(tag);
    await page.getByLabel('Add a tag').press('Enter');
  }
  await page.getByRole('button', { name: 'Create entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: fields.title })).toBeVisible();
  await expect(page).toHaveURL(/\/entries\/[0-9a-f-]{36}$/);
}

test('an entry is written here first, listed at once and marked until the server has it', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Field notes');
  await openNotebook(page, notebookId, 'Field notes');
  await expect(page.getByTestId('entries-empty')).toBeVisible();

  await newEntry(page, {
    title: 'Buoy 4 leaking',
    body: 'Seal cracked\nneeds a new gasket',
    tags: ['harbour', 'repair'],
  });
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  await page.getByRole('link', { name: '← Field notes' }).click();
  const row = rowNamed(page, 'Buoy 4 leaking');
  await expect(row).toBeVisible();
  await expect(row).toContainText('Seal cracked');
  await expect(row).toContainText('#harbour #repair');
  await expect(row).toHaveAttribute('data-pending', 'false');
});

test('a refused save shows the problem next to its field; delete asks first', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Drafts');
  await openNotebook(page, notebookId, 'Drafts');
  await newEntry(page, { title: 'Short title' });

  await page.getByLabel('Title').fill('x'.repeat(201));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-error')).toContainText('not saved');
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#title-error')).toHaveText('Title must be at most 200 characters.');
  await expect(page.getByLabel('Title')).toBeFocused();

  await page.getByLabel('Title').fill('Fixed title');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fixed title' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this entry?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Fixed title' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete entry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drafts' })).toBeVisible();
  await expect(page.getByTestId('entries-empty')).toBeVisible();
});

test('search, tag and done filters and both sort orders narrow the list', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Survey');
  // Created one after another, then the oldest is edited: the two sort orders differ.
  const [oak] = await addEntries(page, baseURL!, notebookId, [
    { title: 'Oak by the gate', body: 'Bark damage', tags: ['trees'] },
  ]);
  await page.waitForTimeout(5);
  await addEntries(page, baseURL!, notebookId, [
    { title: 'Heron nest', body: 'Two chicks', tags: ['birds'], done: true },
  ]);
  await page.waitForTimeout(5);
  await addEntries(page, baseURL!, notebookId, [
    { title: 'Beech stand', body: 'Healthy', tags: ['trees'], done: true },
  ]);
  await page.waitForTimeout(5);
  await updateEntry(page, baseURL!, notebookId, oak!, { body: 'Bark damage on the north side' });
  await openNotebook(page, notebookId, 'Survey');
  const rows = page.getByTestId('entry-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('entry-count')).toContainText('3 entries');

  await page.getByLabel('Search title and text').fill('bark');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Oak by the gate');
  await page.getByLabel('Search title and text').fill('');
  await expect(rows).toHaveCount(3);

  await page.getByLabel('Tag').selectOption('trees');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Show').selectOption('done');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Beech stand');
  await page.getByLabel('Show').selectOption('open');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Oak by the gate');
  await page.getByLabel('Search title and text').fill('heron');
  await expect(page.getByTestId('entries-none-match')).toBeVisible();
  await page.getByRole('button', { name: 'Show all entries' }).click();
  await expect(rows).toHaveCount(3);

  await expect(rows.first()).toContainText('Oak by the gate');
  await page.getByLabel('Sort by').selectOption('created');
  await expect(rows.first()).toContainText('Beech stand');
  await expect(rows.last()).toContainText('Oak by the gate');
});

test("a teammate's new entry appears without a reload", async ({ browser, baseURL }) => {
  const ana = await browser.newContext({ baseURL });
  const ben = await browser.newContext({ baseURL });
  const pageA = await ana.newPage();
  const pageB = await ben.newPage();
  await pageA.goto('/');
  await pageB.goto('/');
  await signUp(pageA, baseURL!, 'Ana');
  await signUp(pageB, baseURL!, 'Ben');
  const notebookId = await createNotebook(pageA, baseURL!, 'Shared');
  await shareNotebook(pageA, pageB, baseURL!, notebookId);
  await openNotebook(pageA, notebookId, 'Shared');
  await openNotebook(pageB, notebookId, 'Shared');
  await expect(pageB.getByTestId('entries-empty')).toBeVisible();
  const loads = await pageB.evaluate(() => performance.getEntriesByType('navigation').length);

  await newEntry(pageA, { title: 'Low tide at 14:10', body: 'Good for the mudflat count' });
  await expect(pageA.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  // Ben does nothing: the event stream pokes his page, which pulls; the list is a live query.
  const row = rowNamed(pageB, 'Low tide at 14:10');
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('New');
  expect(await pageB.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
  expect(await pageB.evaluate(() => location.pathname)).toBe(`/notebooks/${notebookId}`);
  await ana.close();
  await ben.close();
});

/** Two people, each in their own browser context, sharing one notebook that holds `titles`. */
async function twoPeopleSharing(browser: Browser, baseURL: string, name: string, titles: string[]) {
  const contextA = await browser.newContext({ baseURL });
  const contextB = await browser.newContext({ baseURL });
  const pageA = await contextA.newPage();
  const pageB = await contextB.newPage();
  await pageA.goto('/');
  await pageB.goto('/');
  await signUp(pageA, baseURL, 'Ana');
  await signUp(pageB, baseURL, 'Ben');
  const notebookId = await createNotebook(pageA, baseURL, name);
  await addEntries(
    pageA,
    baseURL,
    notebookId,
    titles.map((title) => ({ title })),
  );
  await shareNotebook(pageA, pageB, baseURL, notebookId);
  await openNotebook(pageA, notebookId, name);
  await openNotebook(pageB, notebookId, name);
  for (const title of titles) {
    await expect(rowNamed(pageA, title)).toBeVisible();
    await expect(rowNamed(pageB, title)).toBeVisible();
  }
  return { contextA, contextB, pageA, pageB, notebookId };
}

async function openEntry(page: Page, title: string) {
  await rowNamed(page, title).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function backToNotebook(page: Page, name: string) {
  await page.getByRole('link', { name: `← ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Presses the shell's "Sync now" and waits for that run to end. */
async function syncNow(page: Page) {
  const button = page.locator('tl-status-bar').getByRole('button', { name: 'Sync now' });
  const runs = (await syncRuns(page)).length;
  await button.click();
  await expect.poll(async () => (await syncRuns(page)).length).toBeGreaterThan(runs);
}

test('two people edit offline, come back online and converge with nothing lost', async ({
  browser,
  baseURL,
}) => {
  const { contextA, contextB, pageA, pageB } = await twoPeopleSharing(
    browser,
    baseURL!,
    'Boat checklist',
    ['Life jackets'],
  );
  await contextA.setOffline(true);
  await contextB.setOffline(true);

  await openEntry(pageA, 'Life jackets');
  await pageA.getByLabel('Text').fill('Counted 12, all dry (Ana)');
  await pageA.getByRole('button', { name: 'Save' }).click();
  await expect(pageA.getByTestId('entry-sync-state')).toHaveText(/not yet synced/);
  await backToNotebook(pageA, 'Boat checklist');
  await newEntry(pageA, { title: 'Fuel at half (Ana)' });
  await backToNotebook(pageA, 'Boat checklist');

  await openEntry(pageB, 'Life jackets');
  await pageB.getByLabel('Add a tag').fill('checked-by-ben');
  await pageB.getByLabel('Add a tag').press('Enter');
  await pageB.getByRole('button', { name: 'Save' }).click();
  await backToNotebook(pageB, 'Boat checklist');
  await newEntry(pageB, { title: 'Anchor rope frayed (Ben)' });
  await backToNotebook(pageB, 'Boat checklist');

  for (const page of [pageA, pageB]) {
    await expect(page.locator('[data-testid="entry-row"][data-pending="true"]')).toHaveCount(2);
    await expect(page.getByText('Not yet synced').first()).toBeVisible();
  }

  await contextA.setOffline(false);
  await contextB.setOffline(false);
  await syncNow(pageA);
  await syncNow(pageB);
  await syncNow(pageA);

  const titles = ['Life jackets', 'Fuel at half (Ana)', 'Anchor rope frayed (Ben)'];
  for (const page of [pageA, pageB]) {
    for (const title of titles) await expect(rowNamed(page, title)).toBeVisible();
    await expect(page.getByTestId('entry-row')).toHaveCount(3);
    await expect(page.locator('[data-testid="entry-row"][data-pending="true"]')).toHaveCount(0);
    await openEntry(page, 'Life jackets');
    await expect(page.getByLabel('Text')).toHaveValue('Counted 12, all dry (Ana)');
    await expect(page.getByTestId('tags')).toContainText('checked-by-ben');
    await backToNotebook(page, 'Boat checklist');
  }
  await contextA.close();
  await contextB.close();
});

test('a concurrent edit of one field is a conflict with both versions, and "Use theirs" restores the other', async ({
  browser,
  baseURL,
}) => {
  const { contextA, contextB, pageA, pageB } = await twoPeopleSharing(
    browser,
    baseURL!,
    'Site access',
    ['Gate code'],
  );
  await contextA.setOffline(true);
  await contextB.setOffline(true);
  for (const [page, title] of [
    [pageA, 'Gate code 1234 (Ana)'],
    [pageB, 'Gate code 9876 (Ben)'],
  ] as const) {
    await openEntry(page, 'Gate code');
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Save' }).click();
    await backToNotebook(page, 'Site access');
  }

  // Ana's change reaches the server first; Ben's arrives second and wins, as the last arrival.
  await contextA.setOffline(false);
  await syncNow(pageA);
  await expect(pageA.locator('[data-testid="entry-row"][data-pending="true"]')).toHaveCount(0);
  await contextB.setOffline(false);
  await syncNow(pageB);
  const rowB = rowNamed(pageB, 'Gate code 9876 (Ben)');
  await expect(rowB).toHaveAttribute('data-conflicted', 'true');
  await expect(rowB).toContainText('Conflict');
  await syncNow(pageA);
  await expect(rowNamed(pageA, 'Gate code 9876 (Ben)')).toHaveAttribute('data-conflicted', 'true');

  // Ana sees that her title was overwritten, and by whom.
  await openEntry(pageA, 'Gate code 9876 (Ben)');
  const conflictA = pageA.getByTestId('conflict');
  await expect(conflictA.getByRole('heading', { name: 'Also edited by Ben' })).toBeVisible();
  await expect(conflictA.getByTestId('conflict-current')).toHaveText('Gate code 9876 (Ben)');
  await expect(conflictA.getByTestId('conflict-other')).toHaveText('Gate code 1234 (Ana)');
  await expect(conflictA.getByRole('columnheader', { name: 'Yours (overwritten)' })).toBeVisible();

  // Ben sees Ana's version next to his and takes hers.
  await openEntry(pageB, 'Gate code 9876 (Ben)');
  const conflictB = pageB.getByTestId('conflict');
  await expect(conflictB.getByRole('heading', { name: 'Also edited by Ana' })).toBeVisible();
  await expect(conflictB.getByTestId('conflict-current')).toHaveText('Gate code 9876 (Ben)');
  await expect(conflictB.getByTestId('conflict-other')).toHaveText('Gate code 1234 (Ana)');
  await conflictB.getByRole('button', { name: 'Use theirs' }).click();
  await expect(conflictB).toBeHidden();
  await expect(pageB.getByRole('heading', { level: 1, name: 'Gate code 1234 (Ana)' })).toBeVisible({
    timeout: 15_000,
  });

  await expect(pageA.getByRole('heading', { level: 1, name: 'Gate code 1234 (Ana)' })).toBeVisible({
    timeout: 15_000,
  });
  await expect(pageA.getByTestId('conflict')).toBeHidden();
  await contextA.close();
  await contextB.close();
});

interface SyncRun {
  startedAt: number;
  durationMs: number;
  trigger: string;
}

/** The activity log's sync runs (rows with push and pull counts), read straight from IndexedDB. */
async function syncRuns(page: Page): Promise<SyncRun[]> {
  return page.evaluate(
    () =>
      new Promise<SyncRun[]>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('activity').objectStore('activity').getAll();
          request.onsuccess = () => {
            db.close();
            const rows = request.result as (SyncRun & { pushed?: number })[];
            resolve(rows.filter((row) => typeof row.pushed === 'number'));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

test('two tabs of one person never sync at the same time', async ({ context, page, baseURL }) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Two tabs');
  await openNotebook(page, notebookId, 'Two tabs');
  const other = await context.newPage();
  await openNotebook(other, notebookId, 'Two tabs');

  for (let round = 0; round < 4; round++) {
    await newEntry(round % 2 === 0 ? page : other, { title: `Round ${round}` });
    await backToNotebook(round % 2 === 0 ? page : other, 'Two tabs');
    // Both tabs ask at the same moment; the Web Lock makes one wait for the other.
    await Promise.all([syncNow(page), syncNow(other)]);
  }
  await expect(rowNamed(other, 'Round 3')).toBeVisible();

  const runs = (await syncRuns(page)).sort((a, b) => a.startedAt - b.startedAt);
  expect(runs.length).toBeGreaterThanOrEqual(8);
  expect(runs.filter((run) => run.trigger === 'manual').length).toBeGreaterThanOrEqual(4);
  for (let index = 1; index < runs.length; index++) {
    const previous = runs[index - 1]!;
    expect(
      runs[index]!.startedAt,
      `run ${index} (${runs[index]!.trigger}) overlaps the run before it`,
    ).toBeGreaterThanOrEqual(previous.startedAt + previous.durationMs);
  }
});
