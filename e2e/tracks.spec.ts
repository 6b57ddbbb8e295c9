// GPS tracks from the person's side, with Playwright's geolocation emulation fed a walk north
// (0.0001° of latitude ≈ 11.1 m a step): the recorded track has the expected distance; a spell
// with the page hidden is one gap with its cause, and an ongoing "Tracking — …" notification
// meanwhile; a reload in the middle keeps every fix; a teammate sees the track; GPX export →
// import gives back the same points, and a bad GPX is refused whole; location withdrawn while
// recording (Playwright's clearPermissions: Chromium tells the watch PERMISSION_DENIED) keeps
// what was recorded, says how to allow it again, records the gap and resumes once allowed;
// discarding asks in the page (keyboard and pointer), and only confirming removes the recording.
//
// Page visibility is emulated in the page (e2e/support/visibility.ts says why) and, as a real
// browser does for a hidden page, the test gives it no positions meanwhile.
import AxeBuilder from '@axe-core/playwright';
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
import { setVisibility } from './support/visibility';

const START = { latitude: 59.3293, longitude: 18.0686 };
const STEP = 0.0001;

function position(step: number) {
  return { latitude: START.latitude + step * STEP, longitude: START.longitude, accuracy: 5 };
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

/** What the device holds of the recording in progress, read with the raw IndexedDB API. */
function storedRecording(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{
        recordings: { state: string; gaps: { cause: string; to: number | null }[] }[];
        fixes: number;
      }>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const tx = open.result.transaction(['recordings', 'trackFixes']);
          const recordings = tx.objectStore('recordings').getAll();
          const fixes = tx.objectStore('trackFixes').count();
          tx.oncomplete = () => {
            resolve({ recordings: recordings.result, fixes: fixes.result });
            open.result.close();
          };
        };
      }),
  );
}

/** axe-core's findings on the page as it is now, one line each (none expected). */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
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
          return shown ? `${shown.title}\n${shown.body}` : '';
        }),
      { timeout: 10_000 },
    )
    .toMatch(
      /^Tracking — 67 m · \d+ s\nPositions stop while Tideline is hidden\. Come back to keep recording\.$/,
    );
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

  await page.getByRole('button', { name: 'Export, import' }).click();
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

test('location withdrawn mid-recording: what is recorded stays, the person is told how to allow it again, the gap says why, and allowing it resumes', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Dag');
  const notebookId = await createNotebook(page, baseURL!, 'Fjord');
  await openNotebook(page, notebookId, 'Fjord');
  await page.getByTestId('track-start').click();
  await expect(page.getByTestId('track-fix-count')).toContainText('1 fix saved');
  for (let step = 1; step <= 2; step++) await walkTo(page, step, step + 1);

  // The person (or the browser) withdraws location: Chromium tells the watch PERMISSION_DENIED.
  await context.clearPermissions();
  const recorder = page.getByTestId('track-recorder');
  await expect(recorder.getByRole('alert')).toHaveText(
    /no longer allowed to use your location.*Every position so far is kept.*allow location for this site again/,
  );
  await expect(recorder.getByRole('heading', { name: 'Recording paused' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await expect(page.getByTestId('track-fix-count')).toContainText(
    '3 fixes saved on this device · 1 gap',
  );
  const withdrawn = await storedRecording(page);
  expect(withdrawn.fixes).toBe(3);
  expect(withdrawn.recordings).toHaveLength(1);
  expect(withdrawn.recordings[0]!.state).toBe('paused');
  expect(withdrawn.recordings[0]!.gaps).toEqual([
    expect.objectContaining({ cause: 'permission', to: null }),
  ]);

  // A reload meanwhile: still paused, still saying why and what to do.
  await page.reload();
  await expect(recorder.getByRole('alert')).toContainText('allow location for this site again');
  await expect(page.getByTestId('track-fix-count')).toContainText('3 fixes saved');

  // Allowed again: recording goes on by itself, from where the device is now.
  await context.setGeolocation(position(5));
  await context.grantPermissions(['geolocation']);
  await expect(page.getByTestId('track-pause')).toBeVisible();
  await expect(page.getByTestId('track-fix-count')).toContainText('4 fixes saved');
  await expect(recorder.getByRole('alert')).toHaveCount(0);
  await walkTo(page, 6, 5);

  await page.getByTestId('track-stop').click();
  const view = page.getByTestId('track-view');
  await expect(view.getByTestId('track-fixes')).toHaveText('5');
  await expect(view.getByTestId('track-gaps').locator('li')).toHaveCount(1);
  await expect(view.getByTestId('track-gaps').locator('li[data-cause="permission"]')).toContainText(
    'location permission withdrawn',
  );
  // Two stretches: the line is not drawn across the time without permission.
  await expect(view.getByTestId('track-drawing').locator('path')).toHaveCount(2);
  // 2 steps before and 1 after, 11.1 m each; the 3 steps walked while denied are not counted.
  await expect(view.getByTestId('track-distance')).toHaveText('33 m');
});

test('discarding asks first, in the page: cancelling keeps every fix, confirming removes the recording', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  await signUp(page, baseURL!, 'Eli');
  const notebookId = await createNotebook(page, baseURL!, 'Marsh');
  await openNotebook(page, notebookId, 'Marsh');
  await page.getByTestId('track-start').click();
  await expect(page.getByTestId('track-fix-count')).toContainText('1 fix saved');
  for (let step = 1; step <= 3; step++) await walkTo(page, step, step + 1);
  // No browser prompt may stand in for the page's own question.
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected browser dialog: ${dialog.message()}`);
  });

  // From the keyboard: the question opens with focus on the safe answer; Escape cancels.
  const discard = page.getByTestId('track-discard');
  await discard.focus();
  await page.keyboard.press('Enter');
  const question = page.getByRole('alertdialog', { name: 'Discard this recording?' });
  await expect(question).toBeVisible();
  await expect(question).toContainText('Its 4 positions are deleted from this device');
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(discard).toBeFocused();
  await expect(page.getByTestId('track-fix-count')).toContainText('4 fixes saved');

  // Cancel with the pointer: still recording, every fix still on the device.
  await discard.click();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await walkTo(page, 4, 5);
  const kept = await storedRecording(page);
  expect(kept.fixes).toBe(5);
  expect(kept.recordings).toHaveLength(1);

  // Confirmed (Tab to it, Enter): the recording and its fixes are gone, and no entry was made.
  await discard.focus();
  await page.keyboard.press('Enter');
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Discard recording' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(page.getByTestId('track-start')).toBeFocused();
  expect(await storedRecording(page)).toEqual({ recordings: [], fixes: 0 });
  await expect(page.getByTestId('entry-row')).toHaveCount(0);
});
