// Recording a long voice memo in the built app, in Chromium with its fake microphone: main-thread
// tasks over 50 ms while recording and while saving, against two pages measured at the same time
// in the same browser (each in its own context, so its own renderer): a bare page doing nothing
// and a bare page running MediaRecorder on the same microphone with the same one-second
// timeslice. What the baselines show too is the machine's (a loaded 2-core box stalls every
// renderer now and then); what only the app shows is the app's. Also the page's JS heap after
// recording against before it (chunks go to IndexedDB, not memory), and the bytes stored per
// minute against the codec's own bitrate (what MediaRecorder reports for the chosen format).
// BENCH_MEMO_SECONDS sets the length (default 600: ten minutes); BENCH_MEMO_TRACE=<file> writes a
// Chromium performance trace of the app page from Record until the memo is saved (open it in
// DevTools' Performance panel; keep the length short, a minute of trace is ~100 MB); BENCH_STATIC_DIR=<dir> serves a copy of the built app, so a
// rebuild during the ten minutes does not pull the app's files from under it.
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { startServer } from '../e2e/fixtures/server';
import { writeToneWav } from '../e2e/support/wavFile';
import type { Bench, BenchRow } from './types';

const SECONDS = Number(process.env.BENCH_MEMO_SECONDS ?? 600);
const TRACE = process.env.BENCH_MEMO_TRACE;
const BARE_PATH = '/__bench/bare.html';

/** Counts long tasks from now on, in `window.longTasks` ({start, duration}). */
const WATCH_LONG_TASKS = `
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask' });
`;

/** A bare page that only counts long tasks; with \`recorder\`, it also records the microphone
 *  with MediaRecorder as the app does (one-second timeslice, chunks dropped). */
const BARE_HTML = `<!doctype html><title>bare</title><script>${WATCH_LONG_TASKS}
  window.startRecorder = async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
    let bytes = 0;
    recorder.ondataavailable = (event) => (bytes += event.data.size);
    recorder.start(1000);
    window.stopRecorder = () => { recorder.stop(); stream.getTracks().forEach((t) => t.stop()); return bytes; };
  };
</script>`;

interface LongTask {
  start: number;
  duration: number;
}

async function barePage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ['microphone'] });
  await context.route(`${baseURL}${BARE_PATH}`, (route) =>
    route.fulfill({ contentType: 'text/html', body: BARE_HTML }),
  );
  const page = await context.newPage();
  await page.goto(BARE_PATH);
  return page;
}

function longTasksOf(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (window as unknown as { longTasks: LongTask[] }).longTasks);
}

const longest = (tasks: LongTask[]) =>
  Math.round(Math.max(0, ...tasks.map((task) => task.duration)));

export const bench: Bench = {
  name: `voice memo (${SECONDS} s)`,
  async run(): Promise<BenchRow[]> {
    const staticDir = process.env.BENCH_STATIC_DIR;
    const server = await startServer(staticDir ? { staticDir } : {});
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${writeToneWav(4)}`,
        '--enable-precise-memory-info',
      ],
    });
    try {
      const context = await browser.newContext({
        baseURL: server.baseURL,
        permissions: ['microphone'],
      });
      const page = await context.newPage();
      await page.goto('/');
      const headers = { origin: server.baseURL };
      const signUp = await page.request.post('/api/auth/sign-up', {
        data: {
          email: `bench-${randomUUID()}@example.org`,
          password: 'correct horse',
          name: 'Ana',
        },
        headers,
      });
      if (signUp.status() !== 201) throw new Error(`sign-up: ${signUp.status()}`);
      const notebookId = randomUUID();
      const entryId = randomUUID();
      const push = await page.request.post('/api/sync/push', {
        data: {
          clientId: randomUUID(),
          mutations: [
            { id: 1, name: 'notebook.create', args: { id: notebookId, name: 'Bench' } },
            {
              id: 2,
              name: 'entry.put',
              args: { id: entryId, notebookId, baseVersion: 0, fields: { title: 'Long memo' } },
            },
          ],
        },
        headers,
      });
      if (!push.ok()) throw new Error(`push: ${push.status()}`);
      await page.goto(`/notebooks/${notebookId}/entries/${entryId}`);
      await page.getByRole('button', { name: 'Record a voice memo' }).waitFor({ timeout: 30_000 });
      await page.evaluate(WATCH_LONG_TASKS);
      const idle = await barePage(browser, server.baseURL);
      const recording = await barePage(browser, server.baseURL);
      const heapBefore = await page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
      if (TRACE) await browser.startTracing(page, { path: TRACE, screenshots: false });
      await page.getByRole('button', { name: 'Record a voice memo' }).click();
      await recording.evaluate(() =>
        (window as unknown as { startRecorder(): Promise<void> }).startRecorder(),
      );
      await page.getByTestId('memo-recording').waitFor();
      await page.waitForTimeout(SECONDS * 1000);
      const bareBytes = await recording.evaluate(() =>
        (window as unknown as { stopRecorder(): number }).stopRecorder(),
      );
      const stopAt = await page.evaluate(() => performance.now());
      const heapRecording = await page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
      await page.getByRole('button', { name: 'Stop and save' }).click();
      await page.getByTestId('memo-outcome').waitFor({ timeout: 120_000 });
      if (TRACE) await browser.stopTracing();
      const outcome = await page.getByTestId('memo-outcome').textContent();
      if (!outcome?.includes('saved')) throw new Error(`memo not saved: ${outcome}`);
      const stored = await page.evaluate(async () => {
        const probe = new MediaRecorder(
          await navigator.mediaDevices.getUserMedia({ audio: true }),
          { mimeType: 'audio/webm;codecs=opus' },
        );
        const bitrate = probe.audioBitsPerSecond;
        probe.stream.getTracks().forEach((track) => track.stop());
        const open = indexedDB.open('tideline');
        const db = await new Promise<IDBDatabase>(
          (resolve) => (open.onsuccess = () => resolve(open.result)),
        );
        const files = await new Promise<{ size: number }[]>((resolve) => {
          const request = db.transaction('files').objectStore('files').getAll();
          request.onsuccess = () => resolve(request.result as { size: number }[]);
        });
        return { bitrate, bytes: files.reduce((sum, file) => sum + file.size, 0) };
      });
      const appTasks = await longTasksOf(page);
      const whileRecording = appTasks.filter((task) => task.start < stopAt);
      const whileSaving = appTasks.filter((task) => task.start >= stopAt);
      const [idleTasks, recorderTasks] = await Promise.all([
        longTasksOf(idle),
        longTasksOf(recording),
      ]);
      console.error(
        JSON.stringify({
          app: appTasks.map((task) => Math.round(task.duration)),
          bareRecorder: recorderTasks.map((task) => Math.round(task.duration)),
          bareIdle: idleTasks.map((task) => Math.round(task.duration)),
          bareRecorderKBPerMinute: Math.round(bareBytes / 1024 / (SECONDS / 60)),
        }),
      );
      const minutes = SECONDS / 60;
      return [
        {
          scenario: `voice memo ${SECONDS} s: tasks > 50 ms while recording (longest ${longest(whileRecording)} ms)`,
          figure: whileRecording.length,
          baseline: recorderTasks.length,
          unit: 'tasks',
          baselineName: `bare MediaRecorder page, same time (longest ${longest(recorderTasks)} ms)`,
        },
        {
          scenario: `voice memo ${SECONDS} s: tasks > 50 ms while recording`,
          figure: whileRecording.length,
          baseline: idleTasks.length,
          unit: 'tasks',
          baselineName: `bare idle page, same time (longest ${longest(idleTasks)} ms)`,
        },
        {
          scenario: `voice memo ${SECONDS} s: tasks > 50 ms saving the memo (longest ${longest(whileSaving)} ms)`,
          figure: whileSaving.length,
          baseline: 0,
          unit: 'tasks',
          baselineName: 'target',
        },
        {
          scenario: `voice memo ${SECONDS} s: JS heap while recording`,
          figure: heapRecording / 1024 / 1024,
          baseline: heapBefore / 1024 / 1024,
          unit: 'MB',
          baselineName: 'same page before recording',
        },
        {
          scenario: 'voice memo: bytes stored per minute',
          figure: stored.bytes / minutes / 1024,
          baseline: ((stored.bitrate / 8) * 60) / 1024,
          unit: 'KB',
          baselineName: `codec bitrate ${Math.round(stored.bitrate / 1000)} kbit/s`,
        },
      ];
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
