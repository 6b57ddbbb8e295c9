// An upload cut off by the server dying mid-way carries on by itself once the server is back, from
// the last chunk the server confirmed: what crosses the network again is at most the one chunk
// that was on its way. The file ends stored and a teammate opens it.
//
// The product's chunk is 8 MiB (the server's GET /api/files/limits); the test answers that request
// with a small chunk so a three-chunk file stays small and the test fast. The server's tus
// endpoint accepts any chunk size, so nothing else changes.
import { createHash, randomBytes } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { expect } from './fixtures';
import { iconPhoto, uploadRows, type PhotoFile } from './fixtures/attachments';
import { openNotebook, ownerAndTeammate, teamTest as test } from './fixtures/team';

const CHUNK = 64 * 1024;

/** The app icon padded past two chunks: still a PNG the browser draws (bytes after IEND). */
function threeChunkPhoto(): PhotoFile {
  const icon = iconPhoto('culvert.png');
  const buffer = Buffer.concat([icon.buffer, randomBytes(2 * CHUNK + 1000 - icon.buffer.length)]);
  return { ...icon, buffer };
}

/** Makes this context's devices upload in `chunk`-byte chunks (the server's answer, altered). */
async function smallChunks(context: BrowserContext, chunk: number): Promise<void> {
  await context.route('**/api/files/limits', async (route) => {
    const response = await route.fetch();
    const limits = (await response.json()) as { maxUploadBytes: number; chunkBytes: number };
    await route.fulfill({ response, json: { ...limits, chunkBytes: chunk } });
  });
}

test('the server killed mid-upload: the upload resumes by itself and re-sends at most one chunk', async ({
  browser,
  server,
}) => {
  const photo = threeChunkPhoto();
  const sha256 = createHash('sha256').update(photo.buffer).digest('hex');

  // Every PATCH body that leaves Ana's browser (page, sync worker or service worker), and the
  // server killed as the second chunk goes out.
  const patches: number[] = [];
  let killed: Promise<void> | undefined;
  const { ana, ben, a, b, notebookId, entryIds } = await ownerAndTeammate(browser, server, {
    notebook: 'Culverts',
    entries: [{ title: 'Culvert 7' }],
    role: 'viewer',
    prepare: async (anaDevice) => {
      await smallChunks(anaDevice, CHUNK);
      await anaDevice.route('**/api/uploads/*', async (route) => {
        const request = route.request();
        if (request.method() !== 'PATCH') return route.continue();
        patches.push(request.postDataBuffer()?.length ?? 0);
        if (patches.length === 2) {
          killed = server.halt();
          await killed;
        }
        // With the server dead this fails as a real refused connection would.
        return route.continue().catch(() => undefined);
      });
    },
  });
  const [entryId] = entryIds;

  await openNotebook(a, notebookId, 'Culverts');
  await a.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await a.getByTestId('attach-photo').setInputFiles(photo);

  await expect.poll(() => patches.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await killed;
  // The server is down: the device keeps the upload waiting (nothing lost, nothing refused).
  expect((await uploadRows(a)).map((row) => row.state)).not.toContain('refused');
  await server.resume();

  // No click, no `online` event: the device carries on once the server answers again.
  await expect(a.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 30_000 });
  await expect.poll(async () => (await uploadRows(a)).map((row) => row.state)).toEqual(['done']);
  const sent = patches.reduce((sum, bytes) => sum + bytes, 0);
  expect(sent).toBeGreaterThanOrEqual(photo.buffer.length);
  expect(sent - photo.buffer.length).toBeLessThanOrEqual(CHUNK);
  // The device's own count of bytes that crossed agrees with the wire.
  expect((await uploadRows(a))[0]?.sentBytes).toBe(sent);

  // Stored whole on the server, under its content hash.
  const held = await b.request.head(`/api/notebooks/${notebookId}/files/${sha256}`);
  expect(held.status()).toBe(200);

  // Ben opens it: downloaded, checked against its SHA-256 on his device, drawn.
  await openNotebook(b, notebookId, 'Culverts');
  await b.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(b.getByTestId('attachment-state')).toHaveText(/Uploaded/, { timeout: 20_000 });
  await b.getByRole('button', { name: 'Open culvert.png' }).click();
  const image = b.getByTestId('attachment-viewer').getByTestId('viewer-image');
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
    192,
  );

  await ana.close();
  await ben.close();
});
