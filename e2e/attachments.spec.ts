// Photos on entries, from the person's side: attached with no network, the photo is kept on the
// device and shows at once — thumbnail in the entry and in the list row, full view from the
// device's own bytes — and its row reaches the server with the outbox when the network returns.
// A teammate who may only read sees the thumbnail with the entry and no way to attach.
import { createHash, randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { iconPhoto, uploadRows, type PhotoFile } from './fixtures/attachments';
import { teamTest as test } from './fixtures/team';
import { openNotebook, ownerAndTeammate } from './fixtures/team';

const photo = iconPhoto('bridge.png');

test('a photo attached offline shows at once and reaches a reader with its thumbnail', async ({
  browser,
  server,
}) => {
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'Trail survey',
    entries: [{ title: 'Old bridge' }],
    role: 'viewer',
  });
  const [entryId] = entryIds;

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
function freshPhoto(name: string): PhotoFile {
  return { ...photo, name, buffer: Buffer.concat([photo.buffer, randomBytes(64)]) };
}

/** Counts tus creations (`POST /api/uploads`) from a context's pages, workers and service worker. */
function countUploadCreations(context: BrowserContext, seen: { count: number }): void {
  context.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/uploads') {
      seen.count += 1;
    }
  });
}

/** The states of the uploads this device has queued, from its own database. */
async function uploadStates(page: Page): Promise<string[]> {
  return (await uploadRows(page)).map((row) => row.state);
}

test('the same photo attached twice is uploaded once', async ({ browser, server }) => {
  const anaPosts = { count: 0 };
  const benPosts = { count: 0 };
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'Harbour walls',
    entries: [{ title: 'North wall' }, { title: 'South wall' }, { title: 'Slipway' }],
    role: 'editor',
    prepare: (anaDevice, benDevice) => {
      countUploadCreations(anaDevice, anaPosts);
      countUploadCreations(benDevice, benPosts);
    },
  });
  const [first, second, third] = entryIds;
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
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'Dune transect',
    entries: [{ title: 'Marker 4' }],
    role: 'viewer',
  });
  const [entryId] = entryIds;

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
