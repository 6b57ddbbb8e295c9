// A local write made while the notebook page is open is on screen in the frame after the call,
// before its Dexie transaction resolves, marked as not yet synced; one that IndexedDB refuses
// (a full disk) leaves the list again and its caller gets the error; the sort order and the
// filters place it as they would once it is read back. No UI writes while the list is open, so
// a harness page built from the app's modules mounts the real notebook page and calls putEntry
// as the editor does.
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { copyBuiltApp, expect, startServer, type RunningServer } from './fixtures';
import { app, buildModuleHarness } from './fixtures/moduleHarness';
import { addEntries, createNotebook, openNotebook, signUp, teamTest } from './fixtures/team';

const HARNESS = `
  import ${app('pages/tl-notebook-page.ts')};
  import { getDb } from ${app('db/db.ts')};
  import { putEntry } from ${app('sync/mutate.ts')};

  // IndexedDB refuses entry writes for lack of space while this is set.
  let full = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args: Parameters<IDBObjectStore['put']>) {
    if (full && this.name === 'entries') {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return put.apply(this, args);
  };

  function listRoot(): ShadowRoot | null | undefined {
    return document.querySelector('tl-notebook-page')?.shadowRoot?.querySelector('tl-entry-list')
      ?.shadowRoot;
  }

  /** Titles in display order. */
  function titles(): string[] {
    const rows = [...(listRoot()?.querySelectorAll<HTMLElement>('[data-testid="entry-row"]') ?? [])];
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    return rows.map((row) => row.querySelector('.title')?.textContent ?? '');
  }

  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  (window as any).harness = {
    mount(notebookId: string) {
      const page = document.createElement('tl-notebook-page');
      page.notebookId = notebookId;
      document.getElementById('root')!.replaceChildren(page);
    },
    titles,
    /** Writes a new entry; reports whether and when its row showed, and how the write ended. */
    async write(notebookId: string, fields: Record<string, unknown>, options: { full?: boolean } = {}) {
      const root = listRoot();
      if (!root) throw new Error('no list on screen');
      const title = String(fields.title);
      const rowOf = () =>
        [...root.querySelectorAll<HTMLElement>('[data-testid="entry-row"]')].find(
          (row) => row.querySelector('.title')?.textContent === title,
        );
      let settled = false;
      let shown: { beforeSettled: boolean; pending: string | undefined; index: string | undefined } | null = null;
      const observer = new MutationObserver(() => {
        const row = rowOf();
        if (shown || !row) return;
        shown = { beforeSettled: !settled, pending: row.dataset.pending, index: row.dataset.index };
      });
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      full = options.full === true;
      let error: string | null = null;
      try {
        await putEntry(getDb(), notebookId, undefined, fields);
      } catch (caught) {
        error = (caught as Error).name;
      } finally {
        settled = true;
        full = false;
      }
      // Let the list catch up with IndexedDB (the patch and the window's read).
      for (let i = 0; i < 30; i++) await frame();
      observer.disconnect();
      return { shown, error, titles: titles() };
    },
  };
`;

const test = teamTest.extend<object, { harnessServer: RunningServer }>({
  harnessServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const staticDir = copyBuiltApp();
      await buildModuleHarness(staticDir, 'list', HARNESS);
      const server = await startServer({ staticDir });
      await use(server);
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ harnessServer }, use) => use(harnessServer.baseURL),
});
// The harness page is not the app: no service worker may answer its navigation with the shell.
test.use({ serviceWorkers: 'block' });

interface WriteReport {
  shown: { beforeSettled: boolean; pending: string; index: string } | null;
  error: string | null;
  titles: string[];
}

function write(page: Page, notebookId: string, fields: object, options: { full?: boolean } = {}) {
  return page.evaluate(
    ([id, f, o]) =>
      (
        window as unknown as {
          harness: { write: (n: string, f: object, o: object) => Promise<WriteReport> };
        }
      ).harness.write(id, f, o),
    [notebookId, fields, options] as const,
  );
}

/** A downloaded notebook of three entries (Heron done), open in the harness's notebook page. */
async function openInHarness(page: Page, baseURL: string) {
  await page.goto('/');
  await signUp(page, baseURL, 'Ana');
  const notebookId = await createNotebook(page, baseURL, 'Survey');
  for (const entry of [
    { title: 'Oak' },
    { title: 'Heron', done: true },
    { title: 'Beech', body: 'Healthy' },
  ]) {
    await addEntries(page, baseURL, notebookId, [entry]);
    await page.waitForTimeout(5);
  }
  await openNotebook(page, notebookId, 'Survey');
  await expect(page.getByTestId('entry-row')).toHaveCount(3);
  await page.goto('/harness/list.html');
  await page.waitForFunction(() => 'harness' in window);
  await page.evaluate(
    (id) => (window as unknown as { harness: { mount: (n: string) => void } }).harness.mount(id),
    notebookId,
  );
  await expect(page.getByTestId('entry-row')).toHaveCount(3);
  return notebookId;
}

test('a new entry is listed, on top and marked not yet synced, before its transaction resolves', async ({
  page,
  baseURL,
}) => {
  const notebookId = await openInHarness(page, baseURL!);
  const report = await write(page, notebookId, { title: 'Pine' });
  expect(report.error).toBeNull();
  expect(report.shown).toEqual({ beforeSettled: true, pending: 'true', index: '0' });
  // Read back from IndexedDB: still once, still on top.
  expect(report.titles).toEqual(['Pine', 'Beech', 'Heron', 'Oak']);
  await expect(page.getByTestId('entry-count')).toContainText('4 entries');
});

test('a write IndexedDB refuses for lack of space leaves the list again and its caller gets the error', async ({
  page,
  baseURL,
}) => {
  const notebookId = await openInHarness(page, baseURL!);
  const report = await write(page, notebookId, { title: 'Larch' }, { full: true });
  expect(report.error).toBe('QuotaExceededError');
  expect(report.shown?.beforeSettled).toBe(true);
  expect(report.titles).toEqual(['Beech', 'Heron', 'Oak']);
  await expect(page.getByTestId('entry-count')).toContainText('3 entries');
  // The next write goes through as usual.
  expect((await write(page, notebookId, { title: 'Pine' })).titles[0]).toBe('Pine');
});

test('the filters place a write as they would once it is read: a write that does not match never shows', async ({
  page,
  baseURL,
}) => {
  const notebookId = await openInHarness(page, baseURL!);
  await page.getByLabel('Show').selectOption('open');
  await expect(page.getByTestId('entry-row')).toHaveCount(2);
  const done = await write(page, notebookId, { title: 'Felled', done: true });
  expect(done.shown).toBeNull();
  expect(done.titles).toEqual(['Beech', 'Oak']);
  const open = await write(page, notebookId, { title: 'Birch' });
  expect(open.shown).toMatchObject({ beforeSettled: true, index: '0' });
  expect(open.titles).toEqual(['Birch', 'Beech', 'Oak']);

  await page.getByLabel('Search title and text').fill('healthy');
  await expect(page.getByTestId('entry-row')).toHaveCount(1);
  const unmatched = await write(page, notebookId, { title: 'Alder', body: 'Dying back' });
  expect(unmatched.shown).toBeNull();
  const matched = await write(page, notebookId, { title: 'Rowan', body: 'Healthy too' });
  expect(matched.shown?.beforeSettled).toBe(true);
  expect(matched.titles).toEqual(['Rowan', 'Beech']);

  // Sorted by creation, a new entry is the newest.
  await page.getByLabel('Search title and text').fill('');
  await page.getByLabel('Sort by').selectOption('created');
  await expect(page.getByTestId('entry-row')).toHaveCount(5);
  const created = await write(page, notebookId, { title: 'Yew' });
  expect(created.shown).toMatchObject({ beforeSettled: true, index: '0' });
  expect(created.titles).toEqual(['Yew', 'Rowan', 'Alder', 'Birch', 'Beech', 'Oak']);
});
