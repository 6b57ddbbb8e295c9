// Voice memo controls beyond record-and-play: a 5-second memo keeps its length; the lock
// screen's scrubber (Media Session position state) follows playing, seeking and speed; a
// notebook's memos play on, one after the other, with the page hidden, and previous/next move
// between them; the longest-memo setting stops a recording by itself; the optional screen wake
// lock is held exactly while recording. Chromium's fake microphone plays a tone from a WAV.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import {
  audioState,
  captureMediaSession,
  fakeMicrophone,
  openEntry,
  pressMediaKey,
  record,
  seconds,
} from './fixtures/memos';
import { teamTest as test } from './fixtures/team';
import { setVisibility } from './support/visibility';
import { writeToneWav } from './support/wavFile';

const wav = writeToneWav(4);
const threeSeconds = writeToneWav(3);

test.use(fakeMicrophone(wav));

test('a 5-second memo is saved as 0:05 and plays', async ({ page, baseURL }) => {
  await openEntry(page, baseURL!, ['Ridge']);
  await record(page, '0:05');
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/^Voice memo saved \(0:0[56]\)\.$/);
  const length = seconds(await page.getByTestId('memo-length').textContent());
  expect([5, 6]).toContain(length);

  await page.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(1);
  const playing = await audioState(page);
  expect(playing.paused).toBe(false);
  expect(playing.duration).toBeGreaterThan(4.5);
  expect(playing.duration).toBeLessThan(length + 1);
});

interface PositionState {
  duration: number;
  position: number;
  playbackRate: number;
}

/** Keeps every position state the page hands the Media Session (window.positionStates). */
async function capturePositionState(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const calls = [];
    window.positionStates = calls;
    const original = MediaSession.prototype.setPositionState;
    MediaSession.prototype.setPositionState = function (state) {
      calls.push({ ...state });
      return original.call(this, state);
    };
  })()`);
}

function lastPositionState(page: Page): Promise<PositionState | undefined> {
  return page.evaluate(`window.positionStates[window.positionStates.length - 1]`);
}

test("the lock screen's position follows playing, seeking and the speed", async ({
  page,
  baseURL,
}) => {
  await captureMediaSession(page);
  await capturePositionState(page);
  await openEntry(page, baseURL!, ['Ridge']);
  await page.getByTestId('attach-file').setInputFiles(wav);
  await page.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.5);

  // Playing: the state is the audio's, and it moves on with it. (The state first: one set after
  // it, while the audio is read, would be ahead of the time read before it.)
  const playing = (await lastPositionState(page))!;
  const audio = await audioState(page);
  expect(playing.duration).toBeCloseTo(audio.duration, 2);
  expect(playing.playbackRate).toBe(1);
  expect(playing.position).toBeGreaterThan(0);
  expect(playing.position).toBeLessThanOrEqual(audio.time);
  await expect
    .poll(async () => (await lastPositionState(page))!.position)
    .toBeGreaterThan(playing.position + 0.2);

  // Paused and moved by the lock screen's scrubber: the state says where it is now.
  await pressMediaKey(page, 'pause');
  await expect.poll(async () => (await audioState(page)).paused).toBe(true);
  await pressMediaKey(page, 'seekto', { seekTime: 2.5 });
  expect(await lastPositionState(page)).toEqual({
    duration: audio.duration,
    position: 2.5,
    playbackRate: 1,
  });
  await pressMediaKey(page, 'seekbackward', { seekOffset: 1 });
  expect((await lastPositionState(page))!.position).toBeCloseTo(1.5, 5);

  // A faster speed is passed on, so the lock screen's clock runs at that speed.
  await page.getByLabel('Speed').selectOption('1.5');
  await expect.poll(async () => (await lastPositionState(page))?.playbackRate).toBe(1.5);
  expect((await lastPositionState(page))!.position).toBeCloseTo(1.5, 5);
  await pressMediaKey(page, 'play');
  await expect.poll(async () => (await lastPositionState(page))!.position).toBeGreaterThan(1.7);
  const after = await audioState(page);
  expect(after.rate).toBe(1.5);
  expect((await lastPositionState(page))!.playbackRate).toBe(1.5);
});

function memoTitle(page: Page): Promise<string | undefined> {
  return page.evaluate(`navigator.mediaSession.metadata?.title`);
}

test("hidden, a notebook's memos play on one after the other; previous and next move between them", async ({
  page,
  baseURL,
}) => {
  await captureMediaSession(page);
  const { notebookId, entryIds } = await openEntry(page, baseURL!, ['Ridge', 'Creek']);
  await page.getByTestId('attach-file').setInputFiles(wav);
  await expect(page.getByTestId('entry-memo')).toHaveCount(1);
  await page.goto(`/notebooks/${notebookId}/entries/${entryIds[1]}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Creek' })).toBeVisible();
  await page.getByTestId('attach-file').setInputFiles(threeSeconds);
  await expect(page.getByTestId('entry-memo')).toHaveCount(1);

  // The notebook's first memo (Ridge's), near its end; then the page is hidden.
  await page.goto(`/notebooks/${notebookId}/entries/${entryIds[0]}`);
  await page.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(() => memoTitle(page)).toBe('Ridge');
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.2);
  await pressMediaKey(page, 'pause');
  await pressMediaKey(page, 'seekto', { seekTime: 3.3 });
  await setVisibility(page, 'hidden');
  await pressMediaKey(page, 'play');

  // Ridge's memo ends and Creek's plays, with nobody looking at the page.
  await expect.poll(() => memoTitle(page), { timeout: 15_000 }).toBe('Creek');
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.3);
  const next = await audioState(page);
  expect(next.paused).toBe(false);
  expect(next.duration).toBeCloseTo(3, 0);
  expect(await page.evaluate('document.visibilityState')).toBe('hidden');

  // The lock screen's previous and next.
  await pressMediaKey(page, 'previoustrack');
  await expect.poll(() => memoTitle(page)).toBe('Ridge');
  await expect.poll(async () => (await audioState(page)).duration).toBeCloseTo(4, 0);
  await pressMediaKey(page, 'nexttrack');
  await expect.poll(() => memoTitle(page)).toBe('Creek');
  await expect.poll(async () => (await audioState(page)).duration).toBeCloseTo(3, 0);
  await expect.poll(async () => (await audioState(page)).paused).toBe(false);
});

/** Opens the recorder's options (longest memo, keeping the screen on). */
async function recordingOptions(page: Page) {
  await page.getByText('Recording options').click();
  return {
    longest: page.getByLabel('Longest memo'),
    keepScreenOn: page.getByRole('checkbox', { name: /Keep the screen on while recording/ }),
  };
}

test('a recording stops by itself at the longest memo allowed, and is saved', async ({
  page,
  baseURL,
}) => {
  // The page's clock, so five minutes pass in a moment (the microphone still records in real
  // time: the memo holds the seconds the test ran, under the recorder's five-minute count).
  await page.clock.install();
  await openEntry(page, baseURL!, ['Long watch']);
  const { longest } = await recordingOptions(page);
  const choices = await longest
    .locator('option')
    .evaluateAll((options) => options.map((option) => Number((option as HTMLOptionElement).value)));
  const smallest = Math.min(...choices);
  await longest.selectOption(String(smallest));

  await record(page, '0:01');
  await page.clock.fastForward(smallest * 60_000 - 4_000);
  // Just short of the limit it still records…
  await expect(page.getByTestId('memo-elapsed')).toHaveText(
    new RegExp(`^${smallest - 1}:5[5-9]$`),
    {
      timeout: 3_000,
    },
  );
  await expect(page.getByRole('button', { name: 'Stop and save' })).toBeVisible();
  // …and at the limit it stops by itself, saying why.
  await expect(page.getByTestId('memo-outcome')).toHaveText(
    `Voice memo saved (${smallest}:00). It reached the longest memo set in Recording options.`,
    { timeout: 15_000 },
  );
  await expect(page.getByTestId('entry-memo')).toHaveCount(1);
  await expect(page.getByTestId('memo-length')).toHaveText(`${smallest}:00`);
  // What was recorded is in the memo: it plays.
  await page.getByTestId('entry-memo').getByRole('button', { name: /Play/ }).click();
  await expect.poll(async () => (await audioState(page)).time).toBeGreaterThan(0.5);
});

test('with "keep the screen on", a wake lock is held while recording and released at the end', async ({
  page,
  baseURL,
}) => {
  await page.addInitScript(`(() => {
    const log = [];
    window.wakeLockLog = log;
    const wakeLock = {
      request(type) {
        log.push('request ' + type);
        const sentinel = new EventTarget();
        sentinel.type = type;
        sentinel.released = false;
        sentinel.release = async () => {
          if (sentinel.released) return;
          sentinel.released = true;
          log.push('release ' + type);
          sentinel.dispatchEvent(new Event('release'));
        };
        return Promise.resolve(sentinel);
      },
    };
    Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => wakeLock });
  })()`);
  const wakeLockLog = () => page.evaluate('window.wakeLockLog') as Promise<string[]>;
  await openEntry(page, baseURL!, ['Night watch']);

  // Off (the default), recording leaves the screen to sleep as usual.
  await record(page, '0:01');
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/^Voice memo saved/);
  expect(await wakeLockLog()).toEqual([]);

  const { keepScreenOn } = await recordingOptions(page);
  await keepScreenOn.check();
  await record(page, '0:01');
  expect(await wakeLockLog()).toEqual(['request screen']);
  await page.getByRole('button', { name: 'Stop and save' }).click();
  await expect(page.getByTestId('memo-outcome')).toHaveText(/^Voice memo saved/);
  await expect.poll(wakeLockLog).toEqual(['request screen', 'release screen']);
});
