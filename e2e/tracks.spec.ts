// GPS tracks from the person's side, with Playwright's geolocation emulation fed a walk north
// (0.0001° of latitude ≈ 11.1 m a step): the recorded track has the expected distance; a spell
// with the page hidden is one gap with its cause, and an ongoing "Tracking — …" notification
// meanwhile; a reload in the middle keeps every fix; a teammate sees the track; GPX export →
// import gives back the same points, and a bad GPX is refused whole.
//
// Page visibility: in Playwright-driven headless Chromium no real action makes a page hidden
// (a new page in front, bringToFront, a minimized window, Page.setWebLifecycleState and
// Target.activateTarget all leave `document.visibilityState` 'visible': Playwright keeps every
// page active on purpose). So the page's visibility is emulated in the page — its
// `visibilityState`/`hidden` answer 'hidden' and a `visibilitychange` event fires — and, as a real
// browser does for a hidden page, the test gives it no positions meanwhile.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { decodeTrackPoints, encodeTrackPoints } from '../src/protocol/trackCodec';
import { expect } from './fixtures';
import {
  addEntries,
  createNotebook,
  openNotebook,
  shareNotebook,
  signUp,
  teamTest as test,
} from './fixtures/team';
import { waitForController } from './fixtures/serviceWorker';
import { BACKGROUND_PERMISSIONS, grantBackgroundPermissions } from './fixtures/permissions';

const START = { latitude: 59.3293, longitude: 18.0686 };
const STEP = 0.0001;

function position(step: number) {
  return { latitude: START.latitude + step * STEP, longitude: START.longitude, accuracy: 5 };
}

async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** Moves the device to `step` and waits until the recorder has saved `fixes` fixes. */
async function walkTo(page: Page, step: number, fixes: number): Promise<void> {
  await page.context().setGeolocation(position(step));
  await expect(page.getByTestId('track-fix-count')).toContainText(`${fixes} fixes saved`);
}

/** The stored track of the page's entry `entryId`, read with the raw IndexedDB API. */
function storedTrack(page: Page, entryId: string) {
  return page.evaluate(
    (id) =>
      new Promise<{ points: string; gaps: { cause: string }[] } | null>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const get = open.result.transaction('entries').objectStore('entries').get(id);
          get.onsuccess = () => {
            resolve((get.result as { track?: never } | undefined)?.track ?? null);
            open.result.close();
          };
        };
      }),
    entryId,
  );
}

test.use({ permissions: ['geolocation'], geolocation: position(0) });

test('a recorded walk: distance, a hidden spell as one gap, a reload keeps every fix, a teammate sees it', async ({
  page,
  browser,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await waitForController(page);
  // Notifications for the "Tracking — …" one; this grant replaces the context's, so location too.
  await grantBackgroundPermissions(browser, context, page, baseURL!, [
    ...BACKGROUND_PERMISSIONS,
    'geolocation',
  ]);
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Shore walk');
  await openNotebook(page, notebookId, 'Shore walk');

  await page.getByTestId('track-start').click();
  await expect(page.getByTestId('track-fix-count')).toContainText('1 fix saved');
  for (let step = 1; step <= 4; step++) await walkTo(page, step, step + 1);

  // A reload mid-recording: every fix saved so far is still there, and recording goes on.
  await page.reload();
  await expect(page.getByTestId('track-fix-count')).toContainText('5 fixes saved');
  for (let step = 5; step <= 7; step++) await walkTo(page, step, step + 1);

  // Hidden: positions stop; a notification says how far and how long, and asks to come back.
  await setVisibility(page, 'hidden');
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          const [shown] = await registration.getNotifications({ tag: 'tideline-tracking' });
          return shown?.title ?? '';
        }),
      { timeout: 10_000 },
    )
    .toMatch(/^Tracking — 67 m · \d+ s$/);
  await page.waitForTimeout(1200);
  await setVisibility(page, 'visible');
  for (let step = 8; step <= 10; step++) await walkTo(page, step, step + 1);
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications({ tag: 'tideline-tracking' })).length;
      }),
    )
    .toBe(0);

  await page.getByTestId('track-stop').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Track, / })).toBeVisible();
  const view = page.getByTestId('track-view');
  // 8 steps along the line (the steps across the two gaps are not counted): 8 × 11.1 m.
  await expect(view.getByTestId('track-distance')).toHaveText('89 m');
  await expect(view.getByTestId('track-gaps').locator('li[data-cause="hidden"]')).toHaveCount(1);
  await expect(view.getByTestId('track-gaps').locator('li[data-cause="closed"]')).toHaveCount(1);
  await expect(view.getByTestId('track-gaps').locator('li')).toHaveCount(2);
  await expect(view.getByTestId('track-drawing').locator('path')).toHaveCount(3);
  await expect(page.getByTestId('entry-sync-state')).toHaveText(/Synced/);

  // Every position walked is in the stored track, in order.
  const entryId = /\/entries\/([^/?#]+)/.exec(page.url())![1]!;
  const track = (await storedTrack(page, entryId))!;
  const latitudes = [...new Set(decodeTrackPoints(track.points).map((p) => p.lat))];
  expect(latitudes).toEqual(
    Array.from({ length: 11 }, (_, i) => Number(position(i).latitude.toFixed(6))),
  );

  // A teammate opens the notebook and sees the same track.
  const other = await browser.newContext({ baseURL });
  const ben = await other.newPage();
  await ben.goto('/');
  await signUp(ben, baseURL!, 'Ben');
  await shareNotebook(page, ben, baseURL!, notebookId);
  await openNotebook(ben, notebookId, 'Shore walk');
  await ben.getByTestId('entry-row').filter({ hasText: '🧭' }).getByRole('link').click();
  await expect(ben.getByTestId('track-distance')).toHaveText('89 m');
  await expect(ben.getByTestId('track-gaps').locator('li')).toHaveCount(2);
  expect(await storedTrack(ben, entryId)).toEqual(track);
  await other.close();
});

test('GPX export and import give back the same points; a bad GPX is refused whole', async ({
  page,
  baseURL,
}, testInfo) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Cleo');
  const notebookId = await createNotebook(page, baseURL!, 'Ridge');
  const points = Array.from({ length: 50 }, (_, i) => ({
    lat: 46.5 + i * 0.0002,
    lon: 7.9 + i * 0.0001,
    t: 1_717_228_800_000 + i * 5000,
    ele: 1500 + i,
    acc: 4,
  }));
  const track = {
    points: encodeTrackPoints(points),
    gaps: [{ after: 24, from: points[24]!.t + 500, to: points[25]!.t, cause: 'hidden' }],
  };
  await addEntries(page, baseURL!, notebookId, [{ title: 'Ridge walk', track } as never]);
  await openNotebook(page, notebookId, 'Ridge');
  await expect(page.getByTestId('entry-row')).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('tracks-export').click(),
  ]);
  const file = testInfo.outputPath('ridge.gpx');
  await download.saveAs(file);
  expect(download.suggestedFilename()).toBe('Ridge-tracks.gpx');

  // A bad file: nothing is imported, and the message says why.
  const bad = (await readFile(file, 'utf8')).replace('lat="46.500000"', 'lat="146.5"');
  await page.getByTestId('tracks-import').setInputFiles({
    name: 'broken.gpx',
    mimeType: 'application/gpx+xml',
    buffer: Buffer.from(bad),
  });
  await expect(page.getByTestId('tracks-error')).toContainText(
    '“broken.gpx” was not imported: Point 1 of the file has no valid position',
  );
  await expect(page.getByTestId('entry-row')).toHaveCount(1);

  await page.getByTestId('tracks-import').setInputFiles(file);
  await expect(page.getByTestId('tracks-message')).toHaveText('Imported 1 track from “ridge.gpx”.');
  await expect(page.getByTestId('entry-row')).toHaveCount(2);
  const ids = await page
    .getByTestId('entry-row')
    .getByRole('link')
    .evaluateAll((links) =>
      links.map((link) => /\/entries\/([^/?#]+)/.exec((link as HTMLAnchorElement).href)![1]!),
    );
  const tracks = await Promise.all(ids.map((id) => storedTrack(page, id)));
  const imported = tracks.find((stored) => stored?.points !== track.points);
  expect(tracks.filter((stored) => stored?.points === track.points)).toHaveLength(1);
  // Same points (GPX has no accuracy), same gap with its cause.
  expect(decodeTrackPoints(imported!.points)).toEqual(
    decodeTrackPoints(track.points).map((p) => ({ ...p, acc: null })),
  );
  expect(imported!.gaps).toEqual(track.gaps);
});
