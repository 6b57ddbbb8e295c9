// Entries end to end: writing on this device first (on screen at once, "not yet synced" until the
// server has it), the list's search and filters, teammates' changes arriving without a reload,
// offline edits converging, conflicts with both versions reachable, one sync at a time across
// tabs, a 100,000-entry notebook, and export/import through the sync worker.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { expect, waitForController } from './fixtures';
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
  // The tests take both devices offline and then open pages: the app must be on each device
  // first (its service worker installed, every page's code precached), as once installed.
  await waitForController(pageA);
  await waitForController(pageB);
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
    const [writer, reader] = round % 2 === 0 ? [page, other] : [other, page];
    await newEntry(writer, { title: `Round ${round}` });
    // The other tab's list follows the shared database at once (Dexie tells every tab).
    await expect(rowNamed(reader, `Round ${round}`)).toBeVisible();
    await backToNotebook(writer, 'Two tabs');
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

/** Stores `count` entries straight into IndexedDB (far faster than syncing them) and reloads. */
async function seedEntries(page: Page, notebookId: string, count: number): Promise<void> {
  await page.evaluate(
    ({ notebookId, count }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const transaction = db.transaction('entries', 'readwrite');
          const store = transaction.objectStore('entries');
          const base = Date.now() - count * 1000;
          for (let n = 1; n <= count; n++) {
            const time = base + n * 1000;
            store.put({
              id: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
              notebookId,
              title: `Entry ${String(n).padStart(6, '0')}`,
              body: `Reading number ${n}`,
              tags: n % 10 === 0 ? ['tenth'] : [],
              done: n % 2 === 0,
              doneKey: n % 2 === 0 ? 1 : 0,
              location: null,
              version: n,
              fieldVersions: {},
              conflicted: false,
              createdAt: time,
              updatedAt: time,
              createdBy: '',
              updatedBy: '',
              deleted: false,
              pending: 0,
              unread: false,
            });
          }
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    { notebookId, count },
  );
  await page.reload();
}

test('a notebook of 100,000 entries renders only the rows in view and stays navigable', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Sensor log');
  await openNotebook(page, notebookId, 'Sensor log');
  await seedEntries(page, notebookId, 100_000);

  const list = page.getByTestId('entry-list');
  await expect(page.getByTestId('entry-count')).toContainText('100,000 entries', {
    timeout: 20_000,
  });
  await expect(list).toHaveAttribute('data-total', '100000');
  await expect(rowNamed(page, 'Entry 100000')).toBeVisible();
  const rendered = () => page.getByTestId('entry-row').count();
  expect(await rendered()).toBeLessThan(60);
  // The list is exactly as tall as 100,000 rows, without 100,000 elements.
  expect(await list.evaluate((element) => element.scrollHeight)).toBe(100_000 * 72);

  await list.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await expect(rowNamed(page, 'Entry 050000')).toBeVisible();
  await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(rowNamed(page, 'Entry 000001')).toBeVisible();
  expect(await rendered()).toBeLessThan(60);

  // Keyboard: Home and End jump, arrows step, and focus follows into rows never rendered before.
  await rowNamed(page, 'Entry 000001').getByRole('link').focus();
  await page.keyboard.press('Home');
  await expect(rowNamed(page, 'Entry 100000').getByRole('link')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowNamed(page, 'Entry 099999').getByRole('link')).toBeFocused();
  await page.keyboard.press('End');
  await expect(rowNamed(page, 'Entry 000001').getByRole('link')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rowNamed(page, 'Entry 000002').getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Entry 000002' })).toBeVisible();
  await page.goBack();
  // Back where the list was, 99,998 rows down.
  await expect(rowNamed(page, 'Entry 000002')).toBeVisible();

  // Filters over 100,000 entries: index keys for tag and done, a chunked scan for text.
  await page.getByLabel('Tag').selectOption('tenth');
  await expect(page.getByTestId('entry-count')).toContainText('10,000 matching entries');
  await page.getByLabel('Show').selectOption('open');
  await expect(page.getByTestId('entries-none-match')).toBeVisible();
  await page.getByRole('button', { name: 'Show all entries' }).click();
  // "4242" is in the bodies of 4242, 14242, 24242 … 94242 and 42420 … 42429.
  await page.getByLabel('Search title and text').fill('number 4242');
  await expect(page.getByTestId('entry-count')).toContainText('20 matching entries', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('entry-row').first()).toContainText('Entry 094242');
});

test('export as JSON and Markdown, import back through the worker, refuse a bad file whole', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Ana');
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const notebookId = await createNotebook(page, baseURL!, 'Birds 2026');
  await addEntries(page, baseURL!, notebookId, [
    { title: 'Heron', body: 'Two chicks\nin the reeds', tags: ['birds', 'nest'], done: true },
    { title: 'Kingfisher', body: 'Flash of blue', tags: ['birds'] },
    { title: 'Empty feeder' },
  ]);
  await openNotebook(page, notebookId, 'Birds 2026');
  await expect(page.getByTestId('entry-count')).toContainText('3 entries');

  // Export and import live behind the notebook's "Export, import" button.
  const menu = page.getByRole('button', { name: 'Export, import' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('button', { name: 'Export as JSON' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as JSON' }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toBe('Birds-2026.tideline.json');
  const exported = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
    format: string;
    version: number;
    notebook: { name: string };
    entries: { title: string; tags: string[]; done: boolean; createdAt: number }[];
  };
  expect(exported).toMatchObject({
    format: 'tideline-notebook',
    version: 1,
    notebook: { name: 'Birds 2026' },
  });
  expect(exported.entries.map((entry) => entry.title).sort()).toEqual([
    'Empty feeder',
    'Heron',
    'Kingfisher',
  ]);
  expect(exported.entries.find((entry) => entry.title === 'Heron')).toMatchObject({
    tags: ['birds', 'nest'],
    done: true,
    createdAt: expect.any(Number),
  });

  const markdownDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  const markdown = await markdownDownload;
  expect(markdown.suggestedFilename()).toBe('Birds-2026.md');
  const text = readFileSync((await markdown.path())!, 'utf8');
  expect(text).toContain('# Birds 2026');
  expect(text).toContain('## Heron\n\n- [x] Done\n- Tags: `birds`, `nest`');
  expect(text).toContain('## Kingfisher\n\n- [ ] Done');
  expect(text).toContain('Two chicks\nin the reeds');

  // A bad file is refused whole, with the entries at fault named; nothing is written.
  const importInput = page.getByLabel('Import entries from a Tideline JSON export');
  const bad = {
    ...exported,
    entries: [{ title: 'fine' }, { title: 'x'.repeat(201) }, { tags: 'birds' }],
  };
  await importInput.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('Nothing was imported');
  await expect(error).toContainText('entry 2, title: title must be at most 200 characters');
  await expect(error).toContainText('entry 3, tags');
  await importInput.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('just some notes'),
  });
  await expect(error).toContainText('not JSON');
  await expect(page.getByTestId('entry-count')).toContainText('3 entries');

  // The export imports back, plus 1,500 more entries, in chunks through the sync worker.
  const many = {
    ...exported,
    entries: [
      ...exported.entries,
      ...Array.from({ length: 1500 }, (_, n) => ({ title: `Count ${n + 1}`, tags: ['count'] })),
    ],
  };
  await importInput.setInputFiles({
    name: 'birds.tideline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(many)),
  });
  await expect(page.getByTestId('import-result')).toHaveText(
    'Imported 1503 entries and synced them.',
    { timeout: 30_000 },
  );
  await expect(error).toBeHidden();
  await expect(page.getByTestId('entry-count')).toContainText('1,506 entries');
  await expect(page.locator('[data-testid="entry-row"][data-pending="true"]')).toHaveCount(0);
  await page.getByLabel('Tag').selectOption('count');
  await expect(page.getByTestId('entry-count')).toContainText('1,500 matching entries');
  // The worker's runs are logged like every other sync, under their own tag.
  const workerRuns = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('tideline');
        open.onsuccess = () => {
          const request = open.result.transaction('activity').objectStore('activity').getAll();
          request.onsuccess = () =>
            resolve(
              (request.result as { tag: string }[]).filter((row) => row.tag === 'sync-worker')
                .length,
            );
        };
      }),
  );
  // (At least one: the page's own engine may deliver a small import's rows before the worker's
  // run gets to them, and a run that had nothing left to send is not logged.)
  expect(workerRuns).toBeGreaterThanOrEqual(1);
  // …and they ran in a dedicated worker, not on the page.
  expect(workers.some((url) => /\/assets\/sync\.worker-[\w-]+\.js$/.test(url))).toBe(true);
});
