// GPS tracks in the browser, each against a baseline in the same run and the same Chromium:
//
// - Recording 10,000 fixes: the app's TrackRecorder (every fix to IndexedDB as it arrives, gap
//   bookkeeping, distance) fed through Chromium's geolocation emulation, one fix after another;
//   main-thread tasks over 50 ms counted with a `longtask` PerformanceObserver. Baseline: a bare
//   `watchPosition` handler that writes each fix with one raw IndexedDB put, fed the same way.
// - Drawing a 10,000-fix track: <tl-track-view> given a track it has not seen, timed from the
//   assignment to the next frame after it rendered (decode, projection, simplification and the
//   SVG); then to the frame after its figures and distance marks appear (worked out once the line
//   is painted); and the same track handed over again as a new object (as when the entry page
//   reads the entry back), which the view remembers by content. Baseline: a bare Lit element
//   drawing the same points as one SVG polyline, unsimplified. Median and p95 of the rounds.
import { chromium } from '@playwright/test';
import { rmSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/fixtures/browser';
import { app, buildModuleHarness } from '../e2e/fixtures/moduleHarness';
import { copyBuiltApp, startServer } from '../e2e/fixtures/server';
import { median, type Bench, type BenchRow } from './types';

/** The value below which a share `p` of the values lie (nearest rank). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

const FIXES = Number(process.env.BENCH_TRACK_FIXES ?? 10_000);
const DRAW_ROUNDS = Number(process.env.BENCH_TRACK_DRAW_ROUNDS ?? 15);
/** BENCH_TRACK_RECORD=0 skips the (slow) recording scenario and measures drawing only. */
const RECORD = process.env.BENCH_TRACK_RECORD !== '0';

const HARNESS = `
import { LitElement, html, svg } from 'lit';
import { TidelineDB } from ${app('db/db.ts')};
import { TrackRecorder } from ${app('tracks/TrackRecorder.ts')};
import { encodeTrackPoints } from ${app('protocol/trackCodec.ts')};
import ${app('components/tl-track-view.ts')};

const w = window as any;
w.longTasks = 0;
new PerformanceObserver((list) => { w.longTasks += list.getEntries().filter((e) => e.duration > 50).length; })
  .observe({ type: 'longtask', buffered: false });

w.startApp = async () => {
  const recorder = new TrackRecorder(new TidelineDB('bench-app'));
  w.appFixes = () => recorder.state.value.recording?.fixes ?? 0;
  recorder.state.subscribe(() => w.onFix?.());
  await recorder.start('01900000-0000-7000-8000-000000000001', false);
  w.stopApp = async () => { await (recorder as any).writer.settled(); return recorder.state.value.recording?.fixes; };
};

w.startBare = () => new Promise<void>((resolve) => {
  const open = indexedDB.open('bench-bare', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('fixes', { autoIncrement: true });
  open.onsuccess = () => {
    const db = open.result;
    let count = 0;
    w.bareFixes = () => count;
    navigator.geolocation.watchPosition((p) => {
      count += 1;
      w.onFix?.();
      db.transaction('fixes', 'readwrite').objectStore('fixes').add({ lat: p.coords.latitude, lon: p.coords.longitude, t: p.timestamp, acc: p.coords.accuracy });
    }, () => undefined, { enableHighAccuracy: true, maximumAge: 0 });
    resolve();
  };
});

class BarePolyline extends LitElement {
  static properties = { points: { attribute: false } };
  points: [number, number][] = [];
  render() {
    return html\`<svg viewBox="0 0 600 360" width="600">\${svg\`<polyline fill="none" stroke="blue" points=\${this.points.map((p) => p.join(',')).join(' ')}></polyline>\`}</svg>\`;
  }
}
customElements.define('bare-polyline', BarePolyline);

const walkFrom = (shift: number) => Array.from({ length: ${FIXES} }, (_, i) => ({
  lat: 59.3293 + shift + i * 0.00001, lon: 18.0686 + Math.sin(i / 300) * 0.001,
  t: 1_700_000_000_000 + i * 1000, ele: 20 + Math.sin(i / 50) * 4, acc: 5,
}));
const walk = walkFrom(0);
// A different track each round (shifted north by ~0.1 m a round), so no round is served from
// what the view remembers of the last one; 'again' hands it the previous round's track anew.
let round = 0;
let previous: unknown;
const nextTrack = () => ({
  points: encodeTrackPoints(walkFrom(++round * 1e-6)),
  gaps: [{ after: 4999, from: 1, to: 2, cause: 'hidden' }],
});
// Resolves once the named count reaches n (checked at each fix).
w.waitFixes = (name: string, n: number) => new Promise<void>((resolve) => {
  const check = () => { if (w[name]() >= n) { w.onFix = undefined; resolve(); } };
  w.onFix = check;
  check();
});
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

// Times to the frame after the line is drawn, and to the frame after the figures and distance
// marks are shown (the view works them out once the line is painted).
w.drawApp = async (again: boolean) => {
  const track = again && previous ? structuredClone(previous) : nextTrack();
  previous = track;
  const view = document.createElement('tl-track-view') as any;
  document.body.append(view);
  await frame();
  const start = performance.now();
  view.track = track;
  await view.updateComplete;
  await frame();
  const line = performance.now() - start;
  while (!view.shadowRoot.querySelector('[data-testid="track-stats"]')) await frame();
  const figures = performance.now() - start;
  view.remove();
  return [line, figures];
};
w.drawBare = async () => {
  const view = document.createElement('bare-polyline') as any;
  document.body.append(view);
  await frame();
  const start = performance.now();
  view.points = walk.map((p) => [((p.lon - 18.0676) * 3e5) | 0, ((59.4293 - p.lat) * 3e3) | 0]);
  await view.updateComplete;
  await frame();
  const ms = performance.now() - start;
  view.remove();
  return ms;
};
`;

export const bench: Bench = {
  name: 'tracks',
  async run(): Promise<BenchRow[]> {
    const staticDir = copyBuiltApp();
    await buildModuleHarness(staticDir, 'tracks', HARNESS);
    const server = await startServer({ staticDir, env: { LOG_LEVEL: 'error' } });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    });
    try {
      const feed = async (mode: 'App' | 'Bare') => {
        const context = await browser.newContext({
          baseURL: server.baseURL,
          permissions: ['geolocation'],
          geolocation: { latitude: 59.3293, longitude: 18.0686, accuracy: 5 },
        });
        const page = await context.newPage();
        await page.goto('/harness/tracks.html');
        await page.waitForFunction(() => 'startApp' in window);
        type Calls = Record<string, () => unknown>;
        const call = (name: string) =>
          page.evaluate((fn) => (window as unknown as Calls)[fn]!(), name);
        await call(`start${mode}`);
        await page.evaluate(() => ((window as unknown as { longTasks: number }).longTasks = 0));
        const started = Date.now();
        // One fix at a time, as a device gives them: each new position, then its callback.
        for (let i = 1; i <= FIXES; i++) {
          await Promise.all([
            page.evaluate(
              ([fn, n]) =>
                (window as unknown as { waitFixes(f: string, n: number): Promise<void> }).waitFixes(
                  fn,
                  n,
                ),
              [`${mode.toLowerCase()}Fixes`, i + 1] as const,
            ),
            context.setGeolocation({
              latitude: 59.3293 + i * 0.00001,
              longitude: 18.0686,
              accuracy: 5,
            }),
          ]);
        }
        const ms = Date.now() - started;
        const longTasks = await page.evaluate(
          () => (window as unknown as { longTasks: number }).longTasks,
        );
        await context.close();
        return { ms, longTasks };
      };
      const bare = RECORD ? await feed('Bare') : undefined;
      const recorded = RECORD ? await feed('App') : undefined;

      const context = await browser.newContext({ baseURL: server.baseURL });
      const page = await context.newPage();
      await page.goto('/harness/tracks.html');
      await page.waitForFunction(() => 'drawApp' in window);
      const appTimes: number[] = [];
      const figureTimes: number[] = [];
      const againTimes: number[] = [];
      const bareTimes: number[] = [];
      type Draw = Record<string, (again?: boolean) => Promise<number | [number, number]>>;
      for (let round = 0; round < DRAW_ROUNDS; round++) {
        bareTimes.push(
          (await page.evaluate(() => (window as unknown as Draw).drawBare!())) as number,
        );
        const [line, figures] = (await page.evaluate(() =>
          (window as unknown as Draw).drawApp!(false),
        )) as [number, number];
        appTimes.push(line);
        figureTimes.push(figures);
        const [again] = (await page.evaluate(() => (window as unknown as Draw).drawApp!(true))) as [
          number,
          number,
        ];
        againTimes.push(again);
      }
      await context.close();
      console.error(
        `tracks: ${recorded ? `recording ${recorded.ms} ms (bare ${bare!.ms} ms); ` : ''}draw`,
        JSON.stringify({ appTimes, figureTimes, againTimes, bareTimes }),
      );
      const rows: BenchRow[] = [];
      if (recorded && bare) {
        rows.push({
          scenario: `main-thread tasks > 50 ms while recording ${FIXES.toLocaleString('en')} fixes`,
          figure: recorded.longTasks,
          baseline: bare.longTasks,
          unit: 'tasks',
          baselineName: 'bare watchPosition + raw IndexedDB add',
        });
      }
      rows.push(
        {
          scenario: `draw a ${FIXES.toLocaleString('en')}-fix track (to next frame), median of ${DRAW_ROUNDS}`,
          figure: median(appTimes),
          baseline: median(bareTimes),
          unit: 'ms',
          baselineName: 'bare Lit SVG polyline of every fix',
        },
        {
          scenario: `draw a ${FIXES.toLocaleString('en')}-fix track (to next frame), p95 of ${DRAW_ROUNDS}`,
          figure: percentile(appTimes, 0.95),
          baseline: percentile(bareTimes, 0.95),
          unit: 'ms',
          baselineName: 'bare Lit SVG polyline of every fix',
        },
        {
          scenario: `… and its figures and distance marks shown, median of ${DRAW_ROUNDS}`,
          figure: median(figureTimes),
          baseline: median(bareTimes),
          unit: 'ms',
          baselineName: 'bare Lit SVG polyline of every fix',
        },
        {
          scenario: `the same track again (a new object, as a re-read entry), median of ${DRAW_ROUNDS}`,
          figure: median(againTimes),
          baseline: median(bareTimes),
          unit: 'ms',
          baselineName: 'bare Lit SVG polyline of every fix',
        },
      );
      return rows;
    } finally {
      await browser.close();
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
    }
  },
};
