// The connection loop: decides when to run syncOnce and what the UI should say about it.
//
// Every reason to sync (a local write, a poke from the event stream, a push message, the browser
// coming online, the user pressing "Sync now", a timer) calls `trigger(reason)`. At most one run
// is in flight per engine — a trigger that arrives during a run joins it and gets the same
// promise; if it brings new work (a write, a poke, a push message) exactly one follow-up run is
// made when the current one ends. Across contexts (page, worker, service worker) the SyncLock
// keeps runs apart.
//
//                     trigger                       ok
//          ┌──────┐ ─────────────▶ ┌─────────┐ ──────────────▶ idle
//          │ idle │                │ syncing │
//          └──────┘ ◀──────────────└─────────┘
//              ▲         ok             │ OfflineError ─────▶ offline ──online()/trigger──▶ syncing
//              │                        │ AuthRequiredError ▶ paused-auth ──resume()──────▶ syncing
//              │                        │ ServerBusyError ──▶ backoff ──timer─────────────▶ syncing
//              │                        │ anything else ────▶ error ──trigger─────────────▶ syncing
//
//   offline      the next trigger (or `online()`) tries again; with `unreachable` set and the
//                device saying it is online (so the server is down, not the network), one retry
//                is also scheduled at `nextRetryAt`, backing off like a busy server's
//   paused-auth  triggers are ignored until `resume()` after sign-in; writes keep queueing
//   backoff      one retry is scheduled at `nextRetryAt`: random in [0, min(cap, base·2^n)), at
//                least the server's Retry-After; other triggers wait for it, except a manual
//                one once Retry-After has passed
//   error        shown to the user; the next trigger tries again
//
// `retryNow()` — the browser came online, the page became visible, the event stream reconnected —
// forgets the backoff and tries at once (never before a busy server's Retry-After); so does
// success. Nothing is ever dropped on failure: the outbox only shrinks when the server acknowledges.
// Local writes call `notifyLocalWrite()`, which pushes after a short debounce (~20 ms) so the writes
// of one burst (an import, several files attached) become one request; typing is already gathered
// by the editor's autosave, and a teammate waits for every millisecond spent here.
import { Trigger, type TidelineDB } from '../db/db';
import { getMeta } from '../db/meta';
import { afterFailure } from './afterFailure';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { Timer, systemClock, type Clock } from './Clock';
import { ServerBusyError, describeSyncError, errorCode } from './errors';
import { createSyncLock, type SyncLock } from './SyncLock';
import { SyncStatus, type SyncState } from './SyncState';
import { SyncStateStore, type SyncStateListener } from './SyncStateStore';
import type { LargePullRunner, SyncEngineOptions, SyncRunOutcome } from './SyncEngineOptions';
import { syncOnce } from './syncOnce';
import type { Transport } from './Transport';

export { SyncStatus, type SyncState } from './SyncState';

export type { LargePullRunner, SyncEngineOptions, SyncRunOutcome } from './SyncEngineOptions';

/** Reasons that say the server may be reachable again: they pass a finished backoff. */
const RETRY_NOW: ReadonlySet<Trigger> = new Set<Trigger>([
  Trigger.Manual,
  Trigger.Online,
  Trigger.Foreground,
  Trigger.Retry,
]);

/** Reasons that mean there is new work, so a run already in flight cannot cover them. */
const NEW_WORK: ReadonlySet<Trigger> = new Set<Trigger>([
  Trigger.LocalWrite,
  Trigger.Poke,
  Trigger.Push,
]);

export class SyncEngine {
  private readonly store = new SyncStateStore();
  private readonly db: TidelineDB;
  private readonly transport: Transport;
  private readonly lock: SyncLock;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly debounceMs: number;
  private readonly backoff: BackoffPolicy;
  private inFlight: Promise<SyncRunOutcome> | undefined;
  /** The new-work reason that arrived during the run in flight, if any. */
  private followUp: Trigger | undefined;
  private attempt = 0;
  /** The server's Retry-After: no run before this time. */
  private notBefore = 0;
  private readonly retryTimer: Timer;
  private readonly debounceTimer: Timer;
  private stopped = false;
  private largePulls: LargePullRunner | undefined;

  constructor(private readonly options: SyncEngineOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.lock = options.lock ?? createSyncLock();
    this.clock = options.clock ?? systemClock;
    this.retryTimer = new Timer(this.clock);
    this.debounceTimer = new Timer(this.clock);
    this.random = options.random ?? Math.random;
    this.debounceMs = options.debounceMs ?? 20;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Hands large downloads to `runner` from the next run on (undefined: pull everything here). */
  handLargePullsTo(runner: LargePullRunner | undefined): void {
    this.largePulls = runner;
  }

  get state(): SyncState {
    return this.store.state;
  }

  /** Calls `listener` on every state change until the returned function is called. */
  subscribe(listener: SyncStateListener): () => void {
    return this.store.subscribe(listener);
  }

  /** Loads the counts and the last sync time from the database. */
  async start(): Promise<void> {
    this.store.update({
      ...(await this.counts()),
      lastSyncedAt: (await getMeta(this.db, 'lastSyncedAt')) ?? null,
    });
  }

  /** Asks for a sync; resolves when the run that covers this request has finished. */
  trigger(reason: Trigger): Promise<SyncRunOutcome> {
    if (this.stopped) return Promise.resolve({ status: 'skipped', reason: 'stopped' });
    if (this.inFlight) {
      if (NEW_WORK.has(reason)) this.followUp ??= reason;
      return this.inFlight;
    }
    const { status } = this.store.state;
    if (status === SyncStatus.PausedAuth && reason !== Trigger.Resume) {
      return Promise.resolve({ status: 'skipped', reason: 'paused-auth' });
    }
    if (status === SyncStatus.Backoff && reason !== Trigger.Retry) {
      const allowed = RETRY_NOW.has(reason) && this.clock.now() >= this.notBefore;
      if (!allowed) return Promise.resolve({ status: 'skipped', reason: 'backoff' });
    }
    this.retryTimer.clear();
    const run = this.loop(reason).finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  /** A local write happened: update the pending count and push soon. */
  notifyLocalWrite(): void {
    if (this.stopped) return;
    void this.refreshCounts();
    this.debounceTimer.set(this.debounceMs, () => void this.trigger(Trigger.LocalWrite));
  }

  /** The browser is back online. */
  online(): Promise<SyncRunOutcome> {
    this.attempt = 0;
    return this.trigger(Trigger.Online);
  }

  /**
   * Something says the server may answer again (the page became visible, the event stream
   * reconnected): if a failure is waiting for its retry, forget the backoff and try now — or, for
   * a busy server, as soon as its Retry-After allows. Does nothing while idle, syncing or paused.
   */
  retryNow(reason: Trigger = Trigger.Foreground): Promise<SyncRunOutcome> | undefined {
    const { status } = this.store.state;
    const failed =
      status === SyncStatus.Offline || status === SyncStatus.Backoff || status === SyncStatus.Error;
    if (this.stopped || this.inFlight || !failed) return undefined;
    this.attempt = 0;
    const wait = this.notBefore - this.clock.now();
    if (status === SyncStatus.Backoff && wait > 0) {
      this.store.update({ nextRetryAt: this.notBefore });
      this.scheduleRetry(wait);
      return undefined;
    }
    return this.trigger(RETRY_NOW.has(reason) ? reason : Trigger.Retry);
  }

  /** The user signed in again: leave paused-auth and sync what waited. */
  resume(): Promise<SyncRunOutcome> {
    if (this.store.state.status === SyncStatus.PausedAuth) {
      this.store.update({
        status: SyncStatus.Idle,
        error: undefined,
        errorCode: undefined,
        errorStatus: undefined,
      });
    }
    return this.trigger(Trigger.Resume);
  }

  /**
   * A sync run elsewhere on this page's behalf failed (the notebook page's download in the sync
   * worker): shown and retried as a failure of this engine's own run would be — offline waits
   * for `online()`, a 401 pauses for sign-in, a busy server backs off. Ignored while a run is
   * in flight, whose own outcome is the newer news.
   */
  async reportFailure(error: unknown): Promise<void> {
    if (this.inFlight) return;
    await this.fail(error);
  }

  /** Resolves once no run is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Stops timers and refuses further triggers (a run in flight finishes). */
  stop(): void {
    this.stopped = true;
    this.retryTimer.clear();
    this.debounceTimer.clear();
  }

  private async loop(reason: Trigger): Promise<SyncRunOutcome> {
    let next: Trigger | undefined = reason;
    let outcome: SyncRunOutcome = { status: 'skipped', reason: 'stopped' };
    while (next !== undefined) {
      this.followUp = undefined;
      outcome = await this.runOnce(next);
      next = outcome.status === 'ok' && !this.stopped ? this.followUp : undefined;
    }
    this.followUp = undefined;
    return outcome;
  }

  private async runOnce(reason: Trigger): Promise<SyncRunOutcome> {
    this.store.update({
      status: SyncStatus.Syncing,
      progress: undefined,
      nextRetryAt: undefined,
    });
    try {
      const result = await syncOnce(
        { db: this.db, transport: this.transport, lock: this.lock, clock: this.clock },
        reason,
        {
          onProgress: (progress) => this.store.update({ progress }),
          ...(this.options.pullLimit !== undefined && { pullLimit: this.options.pullLimit }),
          ...(this.options.pushBatchSize !== undefined && {
            pushBatchSize: this.options.pushBatchSize,
          }),
          ...(this.largePulls && { handOffAbove: this.largePulls.versions }),
        },
      );
      // The lock is released: the runner takes it for the download.
      if (result.handedOff && this.largePulls) {
        // The runner's progress is this run's (an empty push is not shown).
        await this.largePulls.run((progress) => {
          if (progress.total > 0) this.store.update({ progress });
        });
      }
      this.attempt = 0;
      this.notBefore = 0;
      this.store.update({
        ...(await this.counts()),
        status: SyncStatus.Idle,
        lastSyncedAt: this.clock.now(),
        progress: undefined,
        error: undefined,
        errorCode: undefined,
        errorStatus: undefined,
      });
      return { status: 'ok', result };
    } catch (error) {
      await this.fail(error);
      return { status: 'failed', error };
    }
  }

  private async fail(error: unknown): Promise<void> {
    const counts = await this.counts().catch(() => ({}));
    const now = this.clock.now();
    const plan = afterFailure(error, {
      attempt: this.attempt,
      now,
      random: this.random,
      backoff: this.backoff,
      unreachable: this.options.unreachable,
    });
    this.attempt = plan.attempt;
    if (plan.notBefore !== undefined) this.notBefore = plan.notBefore;
    const patch: Partial<SyncState> = {
      ...counts,
      status: plan.status,
      progress: undefined,
      error: describeSyncError(error),
      errorCode: errorCode(error),
      errorStatus: error instanceof ServerBusyError ? error.status : undefined,
    };
    // Paused for sign-in: a retry already due stays as it was.
    if (plan.status !== SyncStatus.PausedAuth) {
      patch.nextRetryAt = plan.retryIn === undefined ? undefined : now + plan.retryIn;
    }
    this.store.update(patch);
    if (plan.retryIn !== undefined) this.scheduleRetry(plan.retryIn);
  }

  private scheduleRetry(delay: number): void {
    this.retryTimer.clear();
    if (this.stopped) return;
    this.retryTimer.set(delay, () => void this.trigger(Trigger.Retry));
  }

  private async counts(): Promise<Pick<SyncState, 'pendingCount' | 'deadLetterCount'>> {
    return {
      pendingCount: await this.db.outbox.count(),
      deadLetterCount: await this.db.deadLetters.count(),
    };
  }

  private async refreshCounts(): Promise<void> {
    try {
      this.store.update(await this.counts());
    } catch {
      // The counts are advisory; the next run refreshes them.
    }
  }
}
