// "Keep this notebook's photos and files on this device": a teammate turns it on in the notebook,
// every stored file of it downloads at once, and with no network a teammate's photo opens from
// the device's own copy. With no page open, a background refresh (periodicsync) also brings the
// files teammates added since. A large file goes through the browser's Background Fetch.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { iconPhoto } from './fixtures/attachments';
import { ServiceWorkerDriver, waitForController } from './fixtures/serviceWorker';
import { workerOf } from './support/alerts';
import {
  addEntries,
  createNotebook,
  openNotebook,
  ownerAndTeammate,
  shareNotebook,
  signUp,
  teamTest as test,
} from './fixtures/team';

const photo = iconPhoto('ford.png');

test('a notebook kept offline: its teammate’s photo opens with no network', async ({
  browser,
  server,
}) => {
  const downloads: string[] = [];
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'River fords',
    entries: [{ title: 'Ford 2' }],
    role: 'viewer',
    prepare: (_anaDevice, benDevice) => recordDownloads(benDevice, downloads),
  });
  const [entryId] = entryIds;

  await a.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await a.getByTestId('attach-photo').setInputFiles(photo);
  await expect(a.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 30_000 });

  // Ben finds the switch in the notebook, with what it costs, and turns it on.
  await openNotebook(b, notebookId, 'River fords');
  const status = b.getByTestId('files-offline-status');
  await expect(status).toContainText('0 of 1 file on this device', { timeout: 20_000 });
  const toggle = b.getByRole('switch', { name: /Keep this notebook’s photos and files/ });
  await expect(toggle).not.toBeChecked();
  await expect(b.locator('#files-offline-cost')).toContainText(
    `(${(photo.buffer.length / 1024).toFixed(1)} KB)`,
  );
  await toggle.check();
  await expect(status).toContainText('1 of 1 file on this device', { timeout: 20_000 });
  expect(downloads).toHaveLength(1);

  // No network: the photo opens from this device.
  await waitForController(b);
  await ben.setOffline(true);
  await b.getByTestId('entry-row').filter({ hasText: 'Ford 2' }).click();
  await expect(b.getByRole('heading', { level: 1, name: 'Ford 2' })).toBeVisible();
  await expect(b.getByTestId('attachment-state')).toContainText('on this device');
  await b.getByRole('button', { name: 'Open ford.png' }).click();
  const image = b.getByTestId('attachment-viewer').getByTestId('viewer-image');
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
    192,
  );
  expect(downloads).toHaveLength(1);

  await ana.close();
  await ben.close();
});

test.describe('with periodic background sync granted', () => {
  test('with no page open, a background refresh brings a kept notebook’s new photo to the device', async ({
    browser,
    context,
    page,
    server,
    grantBackground,
  }) => {
    await grantBackground();
    const ana = await browser.newContext({ baseURL: server.baseURL });
    const a = await ana.newPage();
    await a.goto('/');
    await page.goto('/');
    await signUp(a, server.baseURL, 'Ana');
    await signUp(page, server.baseURL, 'Mo');
    const notebookId = await createNotebook(a, server.baseURL, 'Springs');
    const [entryId] = await addEntries(a, server.baseURL, notebookId, [{ title: 'Spring 3' }]);
    await shareNotebook(a, page, server.baseURL, notebookId, 'viewer');

    // Mo keeps the notebook offline while it has no files yet, then leaves Tideline.
    await openNotebook(page, notebookId, 'Springs');
    await page.getByRole('switch', { name: /Keep this notebook’s photos and files/ }).check();
    await expect(page.getByTestId('files-offline-status')).toContainText('0 of 0 files');
    await waitForController(page);
    const serviceWorker = await ServiceWorkerDriver.attach(page);
    await page.goto('about:blank');

    // Ana adds a photo; the refresh that runs with no Tideline page open fetches it.
    await a.goto(`/notebooks/${notebookId}/entries/${entryId}`);
    await a.getByTestId('attach-photo').setInputFiles(photo);
    await expect(a.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 30_000 });
    const sha256 = createHash('sha256').update(photo.buffer).digest('hex');
    await serviceWorker.dispatchPeriodicSync('tideline-refresh');
    await expect.poll(() => filesOnDevice(context), { timeout: 20_000 }).toContain(sha256);
    await serviceWorker.detach();

    // Offline, the photo opens.
    await context.setOffline(true);
    await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Spring 3' })).toBeVisible();
    await page.getByRole('button', { name: 'Open ford.png' }).click();
    const image = page.getByTestId('attachment-viewer').getByTestId('viewer-image');
    await expect(image).toBeVisible();
    await context.setOffline(false);
    await ana.close();
  });
});

/** Notes each file download (`…/content`) by the context's own pages and workers in `urls`. */
function recordDownloads(context: BrowserContext, urls: string[]): void {
  context.on('request', (request) => {
    if (request.url().endsWith('/content')) urls.push(request.url());
  });
}

/** The content hashes whose bytes the service worker's device holds. */
async function filesOnDevice(context: BrowserContext): Promise<string[]> {
  const worker = await workerOf(context);
  return worker.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const keys = open.result.transaction('files').objectStore('files').getAllKeys();
          keys.onsuccess = () => {
            resolve(keys.result as string[]);
            open.result.close();
          };
        };
      }),
  );
}

/**
 * A file on an entry as another of the person's devices would put it there: `attachment.add`
 * pushed, then the bytes sent over tus in one PATCH.
 */
async function attachThroughApi(
  page: Page,
  baseURL: string,
  notebookId: string,
  entryId: string,
  file: { name: string; type: string; bytes: Buffer },
): Promise<string> {
  const headers = { origin: baseURL };
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const push = await page.request.post('/api/sync/push', {
    headers,
    data: {
      clientId: randomUUID(),
      mutations: [
        {
          id: 1,
          name: 'attachment.add',
          args: {
            id: randomUUID(),
            entryId,
            notebookId,
            name: file.name,
            type: file.type,
            size: file.bytes.length,
            sha256,
            thumbnail: null,
            durationMs: null,
          },
        },
      ],
    },
  });
  expect(push.ok(), await push.text()).toBe(true);
  const meta = Object.entries({ notebookId, sha256, filename: file.name, filetype: file.type })
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  const created = await page.request.post('/api/uploads', {
    headers: {
      ...headers,
      'tus-resumable': '1.0.0',
      'upload-length': String(file.bytes.length),
      'upload-metadata': meta,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sent = await page.request.patch(created.headers().location!, {
    headers: {
      ...headers,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    data: file.bytes,
  });
  expect(sent.status(), await sent.text()).toBe(204);
  return sha256;
}

test('a large file of a notebook kept offline downloads through Background Fetch', async ({
  browser,
  server,
}) => {
  // Downloads by Tideline's own pages and workers (Background Fetch is the browser's, not theirs).
  const ownDownloads: string[] = [];
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'Drone survey',
    entries: [{ title: 'Flight 1' }],
    role: 'viewer',
    prepare: (_anaDevice, benDevice) => recordDownloads(benDevice, ownDownloads),
  });
  const [entryId] = entryIds;
  // Just over the 16 MB from which Tideline hands a file to Background Fetch.
  const bytes = randomBytes(16 * 1024 * 1024 + 4096);
  const sha256 = await attachThroughApi(a, server.baseURL, notebookId, entryId!, {
    name: 'flight-1.bin',
    type: 'application/octet-stream',
    bytes,
  });

  await openNotebook(b, notebookId, 'Drone survey');
  await waitForController(b);
  const status = b.getByTestId('files-offline-status');
  await expect(status).toContainText('0 of 1 file on this device', { timeout: 20_000 });
  await b.getByRole('switch', { name: /Keep this notebook’s photos and files/ }).check();
  await expect(b.getByTestId('files-offline-message')).toContainText(
    '1 large file is downloading in the background',
  );
  await expect(status).toContainText('1 of 1 file on this device', { timeout: 30_000 });
  expect(await filesOnDevice(ben)).toContain(sha256);
  expect(ownDownloads).toEqual([]);

  await ana.close();
  await ben.close();
});
