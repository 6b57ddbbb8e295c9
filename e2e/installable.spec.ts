// Chromium's own installability check passes, and the manifest carries what install UIs show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './fixtures/browser';
import { expect, test, waitForController } from './fixtures';

test('Page.getInstallabilityErrors reports no errors in a persistent context', async ({
  server,
}) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'tideline-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.baseURL);
    await waitForController(page);
    const cdp = await context.newCDPSession(page);
    let errors: unknown[] = ['not checked'];
    // The browser settles installability after the manifest and worker are fetched.
    await expect
      .poll(
        async () => {
          ({ installabilityErrors: errors } = (await cdp.send('Page.getInstallabilityErrors')) as {
            installabilityErrors: unknown[];
          });
          return errors;
        },
        { timeout: 15_000 },
      )
      .toEqual([]);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('the manifest is complete and its icons are real PNGs of the stated size', async ({
  request,
}) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    shortcuts: { name: string; url: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Tideline',
    short_name: 'Tideline',
    id: '/',
    start_url: '/notebooks',
    scope: '/',
    display: 'standalone',
  });
  expect(manifest.description).toEqual(expect.any(String));
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.shortcuts.length).toBeGreaterThan(0);

  const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
  for (const size of ['192x192', '512x512']) {
    expect(pngs.some((icon) => icon.sizes === size && icon.purpose !== 'maskable')).toBe(true);
  }
  expect(pngs.some((icon) => icon.purpose === 'maskable')).toBe(true);
  for (const icon of pngs) {
    const body = await (await request.get(icon.src)).body();
    // PNG signature, then the IHDR chunk's width and height.
    expect(body.subarray(1, 4).toString()).toBe('PNG');
    const [width, height] = icon.sizes.split('x').map(Number);
    expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([width, height]);
  }
});
