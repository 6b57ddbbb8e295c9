// Long jobs (a first download, an import) while the user looks away, and while they watch.
//
// Hidden page: ONE notification with the job's progress ("Syncing Trail survey — 42,000 of
// 100,000"), with a fixed tag so each update replaces it in place, at most one update per
// THROTTLE_MS (the latest figures always shown), closed when the job ends or the page is seen
// again (the page has its own progress bar). Only when notifications are already granted: a
// progress report is never a reason to ask.
//
// Visible page: an import may hold a Screen Wake Lock so the screen does not sleep mid-import.
// The browser releases it when the page is hidden; it is taken again on return while the job
// runs, and released when the job ends.
//
//   report(progress) ──hidden & granted──▶ show now, or once the throttle window ends
//   hidden ──▶ show the latest now        visible ──▶ close        finish() ──▶ close
//   pagehide (leaving the page: the job ends with it) ──▶ finish()
import type { JobProgress } from '../workers/protocol';
import type { WorkerJob } from '../workers/syncWorkerClient';

import { PROGRESS_TAG, THROTTLE_MS } from '../protocol/progressTag';

export { PROGRESS_TAG, THROTTLE_MS };

const count = new Intl.NumberFormat('en');

export interface NotifierDeps {
  isHidden(): boolean;
  /** Notifications granted and a service worker registration to show them with. */
  canNotify(): boolean;
  show(title: string, body: string): Promise<void>;
  close(): Promise<void>;
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const PHASE_WORDS: Record<JobProgress['phase'], string> = {
  import: 'Saving imported entries',
  push: 'Sending changes',
  pull: 'Receiving entries',
  upload: 'Uploading files',
  download: 'Downloading files',
};

/** The notification's words: "Syncing Trail survey — 42,000 of 100,000". */
export function describeProgress(label: string, progress: JobProgress): [string, string] {
  const figures =
    progress.total > 0
      ? ` — ${count.format(progress.done)} of ${count.format(progress.total)}`
      : '';
  return [`${label}${figures}`, PHASE_WORDS[progress.phase]];
}

/** Turns a job's latest progress into a notification's title and body. */
export type DescribeProgress<P> = (label: string, progress: P) => [string, string];

export class ProgressNotifier<P = JobProgress> {
  private latest: P | undefined;
  private lastShownAt = -Infinity;
  private shown = false;
  private pending: unknown;
  private finished = false;
  /** The show or close in flight: the next one waits for it (a close must not overtake the
   *  show it undoes); with none in flight it starts at once. */
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly deps: NotifierDeps,
    private readonly label: string,
    private readonly throttleMs = THROTTLE_MS,
    private readonly describe: DescribeProgress<P> = describeProgress as DescribeProgress<P>,
  ) {}

  report(progress: P): void {
    this.latest = progress;
    if (this.finished || !this.deps.isHidden() || !this.deps.canNotify()) return;
    const wait = this.lastShownAt + this.throttleMs - this.deps.now();
    if (wait <= 0) {
      this.showLatest();
    } else {
      this.pending ??= this.deps.setTimeout(() => {
        this.pending = undefined;
        if (!this.finished && this.deps.isHidden()) this.showLatest();
      }, wait);
    }
  }

  visibilityChanged(): void {
    if (this.finished) return;
    if (this.deps.isHidden()) {
      if (this.latest && this.deps.canNotify()) this.showLatest();
    } else {
      this.cancelPending();
      this.closeShown();
    }
  }

  finish(): void {
    this.finished = true;
    this.cancelPending();
    this.closeShown();
  }

  private showLatest(): void {
    if (!this.latest) return;
    this.cancelPending();
    this.lastShownAt = this.deps.now();
    this.shown = true;
    const [title, body] = this.describe(this.label, this.latest);
    this.enqueue(() => this.deps.show(title, body));
  }

  private closeShown(): void {
    if (!this.shown) return;
    this.shown = false;
    this.enqueue(() => this.deps.close());
  }

  private enqueue(operation: () => Promise<void>): void {
    const next = (this.inFlight ? this.inFlight.then(operation) : operation()).catch(
      () => undefined,
    );
    this.inFlight = next;
    void next.then(() => {
      if (this.inFlight === next) this.inFlight = undefined;
    });
  }

  private cancelPending(): void {
    if (this.pending !== undefined) this.deps.clearTimeout(this.pending);
    this.pending = undefined;
  }
}

let registration: ServiceWorkerRegistration | undefined;

/** A notification's tag, and the buttons it offers (handled by the service worker). */
export interface NoticeStyle {
  tag: string;
  actions?: { action: string; title: string }[];
}

export function browserDeps(style: NoticeStyle = { tag: PROGRESS_TAG }): NotifierDeps {
  if ('serviceWorker' in navigator) {
    void navigator.serviceWorker.getRegistration().then((found) => (registration = found));
  }
  return {
    isHidden: () => document.visibilityState === 'hidden',
    canNotify: () =>
      registration !== undefined &&
      'Notification' in globalThis &&
      Notification.permission === 'granted',
    show: async (title, body) => {
      await registration?.showNotification(title, {
        body,
        tag: style.tag,
        silent: true,
        icon: '/icons/icon-192.png',
        data: { url: location.pathname },
        ...(style.actions && { actions: style.actions }),
      } as NotificationOptions);
    },
    close: async () => {
      for (const shown of (await registration?.getNotifications({ tag: style.tag })) ?? []) {
        shown.close();
      }
    },
    now: () => Date.now(),
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
}

/** Keeps the screen on while `running()` and the page is visible. */
export class ScreenKeeper {
  private sentinel: WakeLockSentinel | undefined;

  constructor(private readonly running: () => boolean) {}

  /** Whether the screen is being kept on right now. */
  get held(): boolean {
    return this.sentinel !== undefined && !this.sentinel.released;
  }

  async acquire(): Promise<void> {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    if (this.sentinel && !this.sentinel.released) return;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (this.running()) this.sentinel = sentinel;
      else await sentinel.release();
    } catch {
      // Refused (battery saver, policy): the job runs all the same.
    }
  }

  async release(): Promise<void> {
    const sentinel = this.sentinel;
    this.sentinel = undefined;
    if (sentinel && !sentinel.released) await sentinel.release().catch(() => undefined);
  }
}

/**
 * Follows a sync-worker job: the progress notification while the page is hidden, and with
 * `keepScreenOn` a Screen Wake Lock while it is visible. Everything ends when the job does.
 */
export function watchLongJob<T>(
  job: WorkerJob<T>,
  options: { label: string; keepScreenOn?: boolean },
): void {
  let running = true;
  const notifier = new ProgressNotifier(browserDeps(), options.label);
  const screen = options.keepScreenOn ? new ScreenKeeper(() => running) : undefined;
  const onProgress = () => job.progress && notifier.report(job.progress);
  const onVisibility = () => {
    notifier.visibilityChanged();
    if (document.visibilityState === 'visible') void screen?.acquire();
  };
  const end = () => {
    running = false;
    job.removeEventListener('progress', onProgress);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', end);
    notifier.finish();
    void screen?.release();
  };
  job.addEventListener('progress', onProgress);
  document.addEventListener('visibilitychange', onVisibility);
  // Leaving the page ends the job (its worker goes with the page); the page turns hidden as it
  // goes, which must not leave a progress notification behind.
  window.addEventListener('pagehide', end);
  void screen?.acquire();
  job.done.then(end, end);
}

/** An ongoing notification for foreground work that is not a sync-worker job (recording a memo,
 *  tracking a route): shown while the page is hidden, updated in place at most once a second,
 *  closed when the page is seen again or the work ends. */
export interface OngoingNotice<P> {
  report(progress: P): void;
  finish(): void;
}

export function ongoingNotice<P>(
  label: string,
  describe: DescribeProgress<P>,
  style: NoticeStyle,
): OngoingNotice<P> {
  const notifier = new ProgressNotifier<P>(browserDeps(style), label, THROTTLE_MS, describe);
  const onVisibility = () => notifier.visibilityChanged();
  document.addEventListener('visibilitychange', onVisibility);
  return {
    report: (progress) => notifier.report(progress),
    finish: () => {
      document.removeEventListener('visibilitychange', onVisibility);
      notifier.finish();
    },
  };
}
