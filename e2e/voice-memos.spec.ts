// Voice memos from the person's side, in Chromium with its fake microphone playing a tone from a
// WAV this spec writes: record on an entry and play back through the memo player and the Media
// Session handlers the lock screen would call; a reload in the middle of a recording recovers
// the memo up to its last saved second; a refused microphone is explained.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { CHROMIUM_ARGS, chromiumExecutable } from './fixtures/browser';
import { ServiceWorkerDriver, waitForController } from './fixtures/serviceWorker';
import {
  addEntries,
  createNotebook,
  shareNotebook,
  signUp,
  teamTest as test,
} from './fixtures/team';
import { writeToneWav } from './support/wavFile';

const wav = writeToneWav(4);

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
  await signUp(page, baseURL, 'Ana');
  const notebookId = await createNotebook(page, baseURL, 'Trail survey');
  const [entryId] = await addEntries(page, baseURL, notebookId, [{ title }]);
  await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible({
    timeout: 20_000,
  });
  return { notebookId, entryId: entryId! };
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

  await record(page, '0:05');
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
  expect(saved).toBeGreaterThanOrEqual(4);
  const shown = seconds(await page.getByTestId('memo-elapsed').textContent());
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/Voice memo saved \(0:\d\d\)/);
  // The memo is as long as the recorder showed when Stop was pressed (its last second included).
  const length = seconds(await page.getByTestId('memo-length').textContent());
  expect(length).toBeGreaterThanOrEqual(shown);
  expect(length).toBeLessThanOrEqual(shown + 1);

  // A second, short memo, so the notebook's playlist has a next and a previous.
  await record(page, '0:02');
  await page.getByRole('button', { name: 'Stop and save' }).click();
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
  await pressMediaKey(page, 'seekforward', { seekOffset: 2 });
  await expect.poll(async () => (await audioState(page)).time).toBeCloseTo(3, 0);
  await pressMediaKey(page, 'seekbackward', { seekOffset: 2 });
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
  await expect(page.getByTestId('entry-memo')).toHaveCount(1);
  await page.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.3);
  expect(Number.isFinite((await audioState(page)).duration)).toBe(true);
});

test('a memo recorded offline is uploaded with no page open, and a teammate plays it', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  await page.goto('/');
  await waitForController(page);
  await signUp(page, baseURL!, 'Ana');
  const notebookId = await createNotebook(page, baseURL!, 'Trail survey');
  const [entryId] = await addEntries(page, baseURL!, notebookId, [{ title: 'Ridge' }]);
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
