// Photos on entries, from the person's side: attached with no network, the photo is kept on the
// device and shows at once — thumbnail in the entry and in the list row, full view from the
// device's own bytes — and its row reaches the server with the outbox when the network returns.
// A teammate who may only read sees the thumbnail with the entry and no way to attach.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { teamTest as test } from './fixtures/team';
import { addEntries, createNotebook, openNotebook, shareNotebook, signUp } from './fixtures/team';

const photo = {
  name: 'bridge.png',
  mimeType: 'image/png',
  buffer: readFileSync(new URL('../public/icons/icon-192.png', import.meta.url)),
};

test('a photo attached offline shows at once and reaches a reader with its thumbnail', async ({
  browser,
  server,
}) => {
  const ana = await browser.newContext({ baseURL: server.baseURL });
  const ben = await browser.newContext({ baseURL: server.baseURL });
  const a = await ana.newPage();
  const b = await ben.newPage();
  await a.goto('/');
  await b.goto('/');
  await signUp(a, server.baseURL, 'Ana');
  await signUp(b, server.baseURL, 'Ben');
  const notebookId = await createNotebook(a, server.baseURL, 'Trail survey');
  const [entryId] = await addEntries(a, server.baseURL, notebookId, [{ title: 'Old bridge' }]);
  await shareNotebook(a, b, server.baseURL, notebookId, 'viewer');

  await openNotebook(a, notebookId, 'Trail survey');
  await expect(a.getByTestId('entry-row').filter({ hasText: 'Old bridge' })).toBeVisible();
  await a.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(a.getByTestId('attach-photo')).toBeAttached();

  await ana.setOffline(true);
  await a.getByTestId('attach-photo').setInputFiles(photo);
  const item = a.getByTestId('attachment');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('attachment-thumb')).toHaveAttribute('src', /^data:image\//);
  await expect(item.getByTestId('attachment-state')).toContainText('waiting to upload');

  // The full view, offline, from the bytes kept on this device.
  await item.getByRole('button', { name: 'Open bridge.png' }).click();
  const viewer = a.getByTestId('attachment-viewer');
  await expect(viewer.getByTestId('viewer-image')).toBeVisible();
  expect(
    await viewer
      .getByTestId('viewer-image')
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
  ).toBe(192);
  await viewer.getByRole('button', { name: 'Close' }).click();

  // The list row shows it too.
  await a.goto(`/notebooks/${notebookId}`);
  const row = a.getByTestId('entry-row').filter({ hasText: 'Old bridge' });
  await expect(row.getByTestId('row-thumb')).toHaveCount(1);

  // Back online: the attachment row reaches the server with the outbox.
  await ana.setOffline(false);
  await expect(row).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });

  // Ben, a reader, sees the thumbnail with the entry and cannot attach.
  await openNotebook(b, notebookId, 'Trail survey');
  const benRow = b.getByTestId('entry-row').filter({ hasText: 'Old bridge' });
  await expect(benRow.getByTestId('row-thumb')).toHaveCount(1, { timeout: 20_000 });
  await b.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(b.getByTestId('attachment-thumb')).toHaveAttribute('src', /^data:image\//);
  await expect(b.getByTestId('attach-photo')).toHaveCount(0);
  await expect(b.getByTestId('attach-file')).toHaveCount(0);

  await ana.close();
  await ben.close();
});

/** The icon with random trailing bytes: still a PNG the browser draws, new content every run. */
function freshPhoto(name: string): { name: string; mimeType: string; buffer: Buffer } {
  return { ...photo, name, buffer: Buffer.concat([photo.buffer, randomBytes(64)]) };
}

/** Counts tus creations (`POST /api/uploads`) from a context's pages, workers and service worker. */
function countUploadCreations(context: BrowserContext): { count: number } {
  const seen = { count: 0 };
  context.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/uploads') {
      seen.count += 1;
    }
  });
  return seen;
}

/** The states of the uploads this device has queued, from its own database. */
function uploadStates(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('uploads').objectStore('uploads').getAll();
          all.onsuccess = () => {
            resolve((all.result as { state: string }[]).map((row) => row.state));
            open.result.close();
          };
        };
      }),
  );
}

test('the same photo attached twice is uploaded once', async ({ browser, server }) => {
  const ana = await browser.newContext({ baseURL: server.baseURL });
  const ben = await browser.newContext({ baseURL: server.baseURL });
  const anaPosts = countUploadCreations(ana);
  const benPosts = countUploadCreations(ben);
  const a = await ana.newPage();
  const b = await ben.newPage();
  await a.goto('/');
  await b.goto('/');
  await signUp(a, server.baseURL, 'Ana');
  await signUp(b, server.baseURL, 'Ben');
  const notebookId = await createNotebook(a, server.baseURL, 'Harbour walls');
  const [first, second, third] = await addEntries(a, server.baseURL, notebookId, [
    { title: 'North wall' },
    { title: 'South wall' },
    { title: 'Slipway' },
  ]);
  await shareNotebook(a, b, server.baseURL, notebookId, 'editor');
  const same = freshPhoto('wall.png');

  // Ana attaches the photo to one entry, then the same photo to another.
  await openNotebook(a, notebookId, 'Harbour walls');
  for (const entryId of [first, second]) {
    await a.goto(`/notebooks/${notebookId}/entries/${entryId}`);
    await a.getByTestId('attach-photo').setInputFiles(same);
    await expect(a.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 30_000 });
  }
  // Ben, on his own device, attaches the same photo: the server already holds it.
  await openNotebook(b, notebookId, 'Harbour walls');
  await b.goto(`/notebooks/${notebookId}/entries/${third}`);
  await b.getByTestId('attach-photo').setInputFiles(same);
  await expect(b.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 30_000 });

  // Both devices have finished with it (the entry may show it stored before the device's own
  // upload job has run: the server already held the content when the attachment arrived).
  await expect.poll(() => uploadStates(a), { timeout: 30_000 }).toEqual(['done']);
  await expect.poll(() => uploadStates(b), { timeout: 30_000 }).toEqual(['done']);
  expect(anaPosts.count).toBe(1);
  expect(benPosts.count).toBe(0);
  // The server holds the photo for the notebook, and Ben's device shows Ana's copies as stored.
  const sha256 = createHash('sha256').update(same.buffer).digest('hex');
  const held = await b.request.head(`/api/notebooks/${notebookId}/files/${sha256}`);
  expect(held.status()).toBe(200);
  await b.goto(`/notebooks/${notebookId}/entries/${first}`);
  await expect(b.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 20_000 });

  await ana.close();
  await ben.close();
});

test('a viewer cannot attach: no controls, and the upload server refuses them', async ({
  browser,
  server,
}) => {
  const ana = await browser.newContext({ baseURL: server.baseURL });
  const ben = await browser.newContext({ baseURL: server.baseURL });
  const a = await ana.newPage();
  const b = await ben.newPage();
  await a.goto('/');
  await b.goto('/');
  await signUp(a, server.baseURL, 'Ana');
  await signUp(b, server.baseURL, 'Ben');
  const notebookId = await createNotebook(a, server.baseURL, 'Dune transect');
  const [entryId] = await addEntries(a, server.baseURL, notebookId, [{ title: 'Marker 4' }]);
  await shareNotebook(a, b, server.baseURL, notebookId, 'viewer');

  await openNotebook(b, notebookId, 'Dune transect');
  await b.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(b.getByRole('heading', { level: 1, name: 'Marker 4' })).toBeVisible();
  await expect(b.getByTestId('attach-photo')).toHaveCount(0);
  await expect(b.getByTestId('attach-file')).toHaveCount(0);

  // Straight to the tus endpoint, with metadata that would be valid from an editor.
  const bytes = freshPhoto('marker.png').buffer;
  const meta = (fields: Record<string, string>) =>
    Object.entries(fields)
      .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
      .join(',');
  const creation = (page: typeof a) =>
    page.request.post('/api/uploads', {
      headers: {
        origin: server.baseURL,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': meta({
          notebookId,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          filename: 'marker.png',
          filetype: 'image/png',
        }),
      },
    });
  const refused = await creation(b);
  expect(refused.status(), await refused.text()).toBe(403);
  // The same request from the owner is accepted: the refusal is the role, not the request.
  const accepted = await creation(a);
  expect(accepted.status(), await accepted.text()).toBe(201);

  await ana.close();
  await ben.close();
});
