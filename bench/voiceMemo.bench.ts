// Recording a long voice memo in the built app, in Chromium with its fake microphone: main-thread
// tasks over 50 ms while recording and saving (0 is the target), the page's JS heap after
// recording against before it (chunks go to IndexedDB, not memory), and the bytes stored per
// minute against the codec's own bitrate (what MediaRecorder reports for the chosen format).
// BENCH_MEMO_SECONDS sets the length (default 600: ten minutes).
import { randomUUID } from 'node:crypto';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { startServer } from '../e2e/fixtures/server';
import { writeToneWav } from '../e2e/support/wavFile';
import type { Bench, BenchRow } from './types';

const SECONDS = Number(process.env.BENCH_MEMO_SECONDS ?? 600);

export const bench: Bench = {
  name: `voice memo (${SECONDS} s)`,
  async run(): Promise<BenchRow[]> {
    const server = await startServer();
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
      await page.evaluate(() => {
        const state = window as unknown as { longTasks: number[] };
        state.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
        }).observe({ type: 'longtask' });
      });
      const heapBefore = await page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
      await page.getByRole('button', { name: 'Record a voice memo' }).click();
      await page.getByTestId('memo-recording').waitFor();
      await page.waitForTimeout(SECONDS * 1000);
      const heapRecording = await page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
      await page.getByRole('button', { name: 'Stop and save' }).click();
      await page.getByTestId('memo-outcome').waitFor({ timeout: 120_000 });
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
      const longTasks = await page.evaluate(
        () => (window as unknown as { longTasks: number[] }).longTasks,
      );
      const minutes = SECONDS / 60;
      return [
        {
          scenario: `voice memo ${SECONDS} s: main-thread tasks > 50 ms`,
          figure: longTasks.length,
          baseline: 0,
          unit: 'tasks',
          baselineName: `target (longest ${Math.round(Math.max(0, ...longTasks))} ms)`,
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
