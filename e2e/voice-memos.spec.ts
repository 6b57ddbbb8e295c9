// Voice memos from the person's side, in Chromium with its fake microphone playing a tone from a
// WAV this spec writes: record on an entry and play back through the memo player and the Media
// Session handlers the lock screen would call; with the page hidden, the ongoing "Recording —
// 0:03" notification and its Stop button; a reload in the middle of a recording recovers the
// memo up to its last saved second; a memo recorded offline is uploaded with no page open and a
// teammate plays it, online and then offline; a refused microphone is explained.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { CHROMIUM_ARGS, chromiumExecutable } from './fixtures/browser';
import { grantBackgroundPermissions } from './fixtures/permissions';
import { ServiceWorkerDriver, waitForController } from './fixtures/serviceWorker';
import { anaWithEntry, shareNotebook, signUp, teamTest as test } from './fixtures/team';
import { clickNotification, shownNotifications } from './support/alerts';
import { setVisibility } from './support/visibility';
import { writeToneWav } from './support/wavFile';

const wav = writeToneWav(4);
const shortWav = writeToneWav(1);

test.use({
  launchOptions: {
    executablePath: chromiumExecutable(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
  permissions: ['microphone'],
});

/** Records the Media Session handlers the app sets, so the test can press them as a lock screen. */
async function captureMediaSession(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const handlers: Record<string, MediaSessionActionHandler | null> = {};
    (window as unknown as { mediaHandlers: typeof handlers }).mediaHandlers = handlers;
    const original = MediaSession.prototype.setActionHandler;
    MediaSession.prototype.setActionHandler = function (action, handler) {
      handlers[action] = handler;
      original.call(this, action, handler);
    };
  });
}

async function pressMediaKey(page: Page, action: string, details: object = {}): Promise<void> {
  await page.evaluate(
    ([name, extra]) => {
      const handlers = (
        window as unknown as { mediaHandlers: Record<string, MediaSessionActionHandler | null> }
      ).mediaHandlers;
      handlers[name as MediaSessionAction]?.({ action: name as MediaSessionAction, ...extra });
    },
    [action, details] as const,
  );
}

function audioState(page: Page) {
  return page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="memo-audio"]');
    return {
      paused: audio?.paused ?? true,
      time: audio?.currentTime ?? 0,
      duration: audio?.duration ?? NaN,
      src: audio?.src ?? '',
    };
  });
}

/** "0:07" → 7. */
function seconds(clock: string | null): number {
  const [minutes, secs] = (clock ?? '').trim().split(':').map(Number);
  return (minutes ?? 0) * 60 + (secs ?? 0);
}

function formatted(total: number): string {
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

async function openEntry(page: Page, baseURL: string, title: string) {
  await page.goto('/');
  const { notebookId, entryId } = await anaWithEntry(page, baseURL, 'Trail survey', title);
  await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible({
    timeout: 20_000,
  });
  return { notebookId, entryId };
}

async function record(page: Page, untilText: string): Promise<void> {
  await page.getByRole('button', { name: 'Record a voice memo' }).click();
  await expect(page.getByTestId('memo-elapsed')).toHaveText(untilText, { timeout: 20_000 });
}

test('a memo recorded on an entry plays back, with lock-screen controls', async ({
  page,
  baseURL,
}) => {
  await captureMediaSession(page);
  const { notebookId } = await openEntry(page, baseURL!, 'Ridge');

  await record(page, '0:03');
  // Saved on the device as it records, not only in memory.
  const saved = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tideline');
        open.onsuccess = () => {
          const count = open.result.transaction('voiceChunks').objectStore('voiceChunks').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(saved).toBeGreaterThanOrEqual(2);
  const shown = seconds(await page.getByTestId('memo-elapsed').textContent());
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/Voice memo saved \(0:\d\d\)/);
  // The memo is as long as the recorder showed when Stop was pressed (its last second included).
  const length = seconds(await page.getByTestId('memo-length').textContent());
  expect(length).toBeGreaterThanOrEqual(shown);
  expect(length).toBeLessThanOrEqual(shown + 1);

  // A second memo, so the notebook's playlist has a next and a previous: an audio file attached
  // to the entry is a memo too.
  await page.getByTestId('attach-file').setInputFiles(shortWav);
  await expect(page.getByTestId('entry-memo')).toHaveCount(2);

  await page.getByTestId('entry-memo').first().getByRole('button', { name: /Play/ }).click();
  await expect(page.getByTestId('memo-player')).toBeVisible();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.5);
  const first = await audioState(page);
  // The container carries its length (MediaRecorder's WebM has none until the app writes it).
  expect(first.duration).toBeGreaterThan(length - 0.5);
  expect(first.duration).toBeLessThan(length + 1);

  const session = await page.evaluate(() => ({
    title: navigator.mediaSession.metadata?.title,
    artist: navigator.mediaSession.metadata?.artist,
    artwork: navigator.mediaSession.metadata?.artwork.length,
    actions: Object.keys(
      (window as unknown as { mediaHandlers: Record<string, unknown> }).mediaHandlers,
    ).sort(),
  }));
  expect(session).toEqual({
    title: 'Ridge',
    artist: 'Trail survey',
    artwork: 2,
    actions: [
      'nexttrack',
      'pause',
      'play',
      'previoustrack',
      'seekbackward',
      'seekforward',
      'seekto',
    ],
  });

  await pressMediaKey(page, 'pause');
  await expect.poll(async () => (await audioState(page)).paused).toBe(true);
  await pressMediaKey(page, 'seekto', { seekTime: 1 });
  await expect.poll(async () => (await audioState(page)).time).toBeCloseTo(1, 0);
  await pressMediaKey(page, 'seekforward', { seekOffset: 1 });
  await expect.poll(async () => (await audioState(page)).time).toBeCloseTo(2, 0);
  await pressMediaKey(page, 'seekbackward', { seekOffset: 1 });
  await expect.poll(async () => (await audioState(page)).time).toBeCloseTo(1, 0);
  await pressMediaKey(page, 'play');
  await expect.poll(async () => (await audioState(page)).paused).toBe(false);

  await pressMediaKey(page, 'nexttrack');
  await expect(page.getByTestId('memo-duration')).not.toHaveText(formatted(length));
  const second = await audioState(page);
  expect(second.src).not.toBe(first.src);
  await pressMediaKey(page, 'previoustrack');
  await expect(page.getByTestId('memo-duration')).toHaveText(formatted(length));
  await expect.poll(async () => (await audioState(page)).src).not.toBe(second.src);

  // Speed is the person's to set.
  await page.getByLabel('Speed').selectOption('1.5');
  expect(await page.evaluate(() => document.querySelector('audio')?.playbackRate)).toBe(1.5);
  expect(notebookId).toBeTruthy();
});

test('a reload in the middle of a recording keeps the memo up to its last second', async ({
  page,
  baseURL,
}) => {
  await openEntry(page, baseURL!, 'Creek crossing');
  await record(page, '0:03');
  await page.reload();
  await expect(page.getByTestId('memo-outcome')).toHaveText(
    /Recovered a voice memo \(0:0[23]\) recorded before Tideline closed/,
    { timeout: 20_000 },
  );
  // The memo is shown once, in the entry's one list of attachments: Play, its length and
  // waveform, where its bytes are, Remove.
  const memo = page.getByTestId('attachments').getByRole('listitem');
  await expect(memo).toHaveCount(1);
  await expect(memo).toHaveAttribute('data-testid', 'entry-memo');
  await expect(memo.getByTestId('memo-length')).toHaveText(/^0:0[23]$/);
  await expect(memo.locator('img')).toHaveAttribute('src', /^data:image\/png/);
  await expect(memo.getByTestId('attachment-state')).toHaveText(
    /On this device · waiting to upload|Uploading \d+ %|Uploaded · on this device/,
  );
  await memo.getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.3);
  expect(Number.isFinite((await audioState(page)).duration)).toBe(true);
  await memo.getByRole('button', { name: /Remove/ }).click();
  await expect(page.getByTestId('entry-memo')).toHaveCount(0);
  await expect(page.getByText('No photos, files or voice memos yet.')).toBeVisible();
});

const RECORDING_TAG = 'tideline-recording';

/** The title of the ongoing recording notification, read from the service worker registration
 *  as the page sees it ('' when none is shown). */
function recordingNotice(page: Page): Promise<string> {
  return page.evaluate(async (tag) => {
    const registration = await navigator.serviceWorker.ready;
    const [shown] = await registration.getNotifications({ tag });
    return shown?.title ?? '';
  }, RECORDING_TAG);
}

test('hidden, a recording shows "Recording — m:ss" updated in place, and its Stop saves the memo', async ({
  page,
  browser,
  context,
  baseURL,
}) => {
  await page.goto('/');
  await waitForController(page);
  // Notifications for the ongoing one; this grant replaces the context's, so the microphone too.
  const revoke = await grantBackgroundPermissions(browser, context, page, baseURL!, [
    'notifications',
    'audioCapture',
  ]);
  const { notebookId, entryId } = await anaWithEntry(page, baseURL!, 'Trail survey', 'Night watch');
  await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Night watch' })).toBeVisible({
    timeout: 20_000,
  });
  await record(page, '0:01');
  // Visible, the page itself shows the time: no notification.
  expect(await recordingNotice(page)).toBe('');

  await setVisibility(page, 'hidden');
  await expect.poll(() => recordingNotice(page)).toMatch(/^Recording — 0:0\d$/);
  const first = seconds((await recordingNotice(page)).replace('Recording — ', ''));
  // Updated in place (one notification, the same tag) as the seconds go by.
  await expect
    .poll(async () => seconds((await recordingNotice(page)).replace('Recording — ', '')))
    .toBeGreaterThan(first);
  const shown = (await shownNotifications(context)).filter((n) => n.tag === RECORDING_TAG);
  expect(shown).toHaveLength(1);
  expect(shown[0]!.actions).toEqual(['stop-recording']);
  expect(shown[0]!.body).toContain('press Stop');

  // Stop on the notification, as the browser delivers it: a notificationclick in the service
  // worker with the action. The page, still hidden, stops, saves the memo and closes the notice.
  await clickNotification(context, RECORDING_TAG, 'stop-recording');
  await expect(page.getByTestId('memo-outcome')).toHaveText(/Voice memo saved \(0:0\d\)/);
  await expect.poll(() => recordingNotice(page)).toBe('');
  await setVisibility(page, 'visible');
  await expect(page.getByTestId('entry-memo')).toHaveCount(1);
  expect(seconds(await page.getByTestId('memo-length').textContent())).toBeGreaterThan(first);
  await expect(page.getByTestId('memo-recording')).toHaveCount(0);
  await revoke();
});

test('a memo recorded offline is uploaded with no page open; a teammate plays it, then offline', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  await page.goto('/');
  await waitForController(page);
  const { notebookId, entryId } = await anaWithEntry(page, baseURL!, 'Trail survey', 'Ridge');
  const teammate = await browser.newContext({ baseURL: baseURL!, permissions: ['microphone'] });
  const ben = await teammate.newPage();
  await ben.goto('/');
  await signUp(ben, baseURL!, 'Ben');
  await shareNotebook(page, ben, baseURL!, notebookId, 'viewer');

  await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Ridge' })).toBeVisible();
  const blank = await context.newPage();
  const worker = await ServiceWorkerDriver.attach(blank, new URL(baseURL!).origin);
  await context.setOffline(true);
  await record(page, '0:02');
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/Voice memo saved/);
  const attachmentId = await page.evaluate(
    (id) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('tideline');
        open.onsuccess = () => {
          const get = open.result.transaction('entries').objectStore('entries').get(id);
          get.onsuccess = () =>
            resolve((get.result as { attachments: { id: string }[] }).attachments[0]!.id);
        };
      }),
    entryId!,
  );
  // Every page of Ana's closed; the network back; the browser's `sync` does the rest.
  await page.close();
  await context.setOffline(false);
  await worker.dispatchSync('tideline-uploads');
  const content = `/api/notebooks/${notebookId}/attachments/${attachmentId}/content`;
  await expect
    .poll(
      async () => {
        const response = await ben.request.get(content);
        return `${response.status()} ${response.ok() ? '' : await response.text()}`;
      },
      { timeout: 30_000 },
    )
    .toMatch(/^200/);

  // Ben, who may only read the notebook, sees the memo and plays it; he cannot record one.
  await ben.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(ben.getByTestId('entry-memo')).toHaveCount(1, { timeout: 20_000 });
  await expect(ben.getByRole('button', { name: 'Record a voice memo' })).toHaveCount(0);
  await ben.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(ben)).time).toBeGreaterThan(0.3);
  // Listened to once, the memo is kept on Ben's device…
  await expect(ben.getByTestId('entry-memo').getByTestId('attachment-state')).toHaveText(
    'Uploaded · on this device',
  );

  // …so it plays with no network at all, after a reload too.
  await waitForController(ben);
  await teammate.setOffline(true);
  await ben.reload();
  await expect(ben.getByRole('heading', { level: 1, name: 'Ridge' })).toBeVisible({
    timeout: 20_000,
  });
  await ben.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(ben)).time).toBeGreaterThan(0.3);
  const offline = await audioState(ben);
  expect(offline.src).toMatch(/^blob:/);
  expect(Number.isFinite(offline.duration)).toBe(true);
  expect(offline.duration).toBeGreaterThan(1);
  await expect(ben.getByTestId('memo-player').getByRole('alert')).toHaveCount(0);
  await worker.detach();
  await teammate.close();
});

test.describe('with the microphone refused', () => {
  test.use({ permissions: [] });

  test('Record explains how to allow the microphone', async ({ page, baseURL }) => {
    await openEntry(page, baseURL!, 'Quiet hut');
    await page.getByRole('button', { name: 'Record a voice memo' }).click();
    await expect(page.getByTestId('memo-denied')).toContainText(
      'Tideline is not allowed to use the microphone',
    );
    await expect(page.getByTestId('memo-recording')).toHaveCount(0);
  });
});
