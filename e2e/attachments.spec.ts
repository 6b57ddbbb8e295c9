// Photos on entries, from the person's side: attached with no network, the photo is kept on the
// device and shows at once — thumbnail in the entry and in the list row, full view from the
// device's own bytes — and its row reaches the server with the outbox when the network returns.
// A teammate who may only read sees the thumbnail with the entry and no way to attach.
import { readFileSync } from 'node:fs';
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
