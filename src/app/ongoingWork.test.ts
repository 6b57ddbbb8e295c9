import { describe, expect, it } from 'vitest';
import { ProgressNotifier, describeProgress, type NotifierDeps } from './ongoingWork';

/** A page whose visibility, permission and clock the test sets, recording what it shows. */
function fakePage() {
  const timers: { at: number; callback: () => void }[] = [];
  const page = {
    hidden: false,
    granted: true,
    time: 0,
    shown: [] as string[],
    open: false,
    closes: 0,
    advance(ms: number) {
      page.time += ms;
      for (const timer of timers.splice(0)) {
        if (timer.at <= page.time) timer.callback();
        else timers.push(timer);
      }
    },
  };
  const deps: NotifierDeps = {
    isHidden: () => page.hidden,
    canNotify: () => page.granted,
    show: async (title, body) => {
      page.shown.push(`${title} | ${body}`);
      page.open = true;
    },
    close: async () => {
      page.closes += 1;
      page.open = false;
    },
    now: () => page.time,
    setTimeout: (callback, ms) => {
      const timer = { at: page.time + ms, callback };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const index = timers.indexOf(handle as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  return { page, deps };
}

/** Lets the notifier's queued shows and closes run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const pull = (done: number, total = 100_000) => ({ phase: 'pull' as const, done, total });

describe('ProgressNotifier', () => {
  it('words the progress as the user reads it', () => {
    expect(describeProgress('Syncing Trail survey', pull(42_000))).toEqual([
      'Syncing Trail survey — 42,000 of 100,000',
      'Receiving entries',
    ]);
  });

  it('shows nothing while the page is visible', () => {
    const { page, deps } = fakePage();
    const notifier = new ProgressNotifier(deps, 'Syncing Trail survey');
    notifier.report(pull(10));
    notifier.finish();
    expect(page.shown).toEqual([]);
    expect(page.closes).toBe(0);
  });

  it('shows the latest figures on hiding, updates in place at most once a second, closes when done', async () => {
    const { page, deps } = fakePage();
    const notifier = new ProgressNotifier(deps, 'Syncing Trail survey', 1000);
    notifier.report(pull(1_000));
    page.hidden = true;
    notifier.visibilityChanged();
    expect(page.shown).toEqual(['Syncing Trail survey — 1,000 of 100,000 | Receiving entries']);
    page.advance(100);
    notifier.report(pull(2_000));
    notifier.report(pull(3_000));
    await settle();
    expect(page.shown).toHaveLength(1);
    page.advance(900);
    await settle();
    expect(page.shown.at(-1)).toBe('Syncing Trail survey — 3,000 of 100,000 | Receiving entries');
    expect(page.shown).toHaveLength(2);
    notifier.finish();
    await settle();
    expect(page.open).toBe(false);
    page.advance(5000);
    notifier.report(pull(4_000));
    await settle();
    expect(page.shown).toHaveLength(2);
  });

  it('closes when the page is seen again and never asks for permission', async () => {
    const { page, deps } = fakePage();
    const notifier = new ProgressNotifier(deps, 'Importing into Trail survey');
    page.hidden = true;
    notifier.report({ phase: 'import', done: 5, total: 10 });
    expect(page.open).toBe(true);
    page.hidden = false;
    notifier.visibilityChanged();
    await settle();
    expect(page.open).toBe(false);

    page.granted = false;
    page.hidden = true;
    notifier.visibilityChanged();
    notifier.report({ phase: 'import', done: 6, total: 10 });
    await settle();
    expect(page.shown).toHaveLength(1);
  });

  it('closes after a show still on its way, so no progress notification is left behind', async () => {
    const { page, deps } = fakePage();
    let finishShow = () => {};
    const slow: NotifierDeps = {
      ...deps,
      show: (title, body) =>
        new Promise<void>((resolve) => {
          finishShow = () => {
            page.shown.push(`${title} | ${body}`);
            page.open = true;
            resolve();
          };
        }),
    };
    const notifier = new ProgressNotifier(slow, 'Syncing Trail survey');
    page.hidden = true;
    notifier.report(pull(1_000));
    notifier.finish(); // the job ends while the notification is still being shown
    await Promise.resolve();
    expect(page.closes).toBe(0);
    finishShow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.shown).toHaveLength(1);
    expect(page.closes).toBe(1);
    expect(page.open).toBe(false);
  });
});
