import { liveQuery, type Subscription } from 'dexie';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { getDb } from '../db/db';
import { countPending } from '../db/queries';
import { onlineStore } from '../app/connectivity';
import { serviceWorkerStore, type WorkerStatus } from '../app/serviceWorker';
import { SessionStatus, sessionStore } from '../app/session';
import { syncNow, syncStore } from '../app/sync';
import { SyncStatus } from '../sync/SyncEngine';
import type { SyncProgress } from '../sync/syncOnce';
import './tl-dead-letters';
import type { TlDeadLetters } from './tl-dead-letters';

const WORKER_TEXT: Record<WorkerStatus, string> = {
  unsupported: 'Offline use unavailable in this browser',
  registering: 'Preparing offline use…',
  installing: 'Saving Tideline for offline use…',
  ready: 'Ready to work offline',
  error: 'Offline use failed to start',
};

/** A sync that runs longer than this shows a progress bar. */
const LONG_SYNC_MS = 1000;
/** How often "Synced 2 min ago" is brought up to date. */
const CLOCK_TICK_MS = 30_000;
/** How often "Next try in 20 s" counts down. */
const COUNTDOWN_TICK_MS = 1000;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "just now", "2 min ago", "3 h ago", or a date for anything older than a day. */
function formatSince(time: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `on ${new Date(time).toLocaleDateString()}`;
}

function progressText(progress: SyncProgress): string {
  return progress.phase === 'push'
    ? `Sending ${progress.done} of ${plural(progress.total, 'change', 'changes')}`
    : `Receiving ${progress.done} of ${plural(progress.total, 'entry', 'entries')}`;
}

/**
 * The status area: whether the device is online and ready to run offline, and — while someone is
 * signed in — how sync is doing: changes waiting, when it last synced, progress during a long
 * sync, problems in plain words, "Sync now", and the changes the server refused (opening the
 * dead-letter list). When the session has ended it says so and links to sign-in; changes keep
 * queueing meanwhile.
 */
@customElement('tl-status-bar')
export class TlStatusBar extends LitElement {
  private readonly online = new StoreController(this, onlineStore);
  private readonly worker = new StoreController(this, serviceWorkerStore);
  private readonly session = new StoreController(this, sessionStore);
  private readonly sync = new StoreController(this, syncStore);
  /** Counted from the database, so writes from other tabs and workers show too. */
  @state() private counts = { pending: 0, refused: 0 };
  @state() private now = Date.now();
  @query('tl-dead-letters') private deadLetters!: TlDeadLetters;
  private syncingSince: number | undefined;
  private subscription: Subscription | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;
  private longSyncTimer: ReturnType<typeof setTimeout> | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;

  static override styles = css`
    :host {
      display: block;
      border-bottom: 1px solid var(--tl-border);
      background: var(--tl-surface);
      font-size: 0.875rem;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1.25rem;
      max-width: 60rem;
      margin: 0 auto;
      padding: 0.35rem 1rem;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--tl-ok);
    }
    .offline .dot {
      background: var(--tl-warn);
    }
    .error {
      color: var(--tl-danger);
    }
    .warn {
      color: var(--tl-warn);
    }
    .sync {
      margin-left: auto;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
    }
    a {
      color: var(--tl-accent);
      font-weight: 600;
    }
    button {
      font: inherit;
      border: 1px solid var(--tl-accent);
      background: transparent;
      color: var(--tl-accent);
      border-radius: 999px;
      padding: 0.1rem 0.75rem;
      cursor: pointer;
    }
    button.refused {
      border-color: var(--tl-danger);
      color: var(--tl-danger);
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    :is(a, button):focus-visible {
      outline: 3px solid var(--tl-focus);
      outline-offset: 2px;
    }
    progress {
      width: 8rem;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    const db = getDb();
    this.subscription = liveQuery(async () => ({
      pending: await countPending(db),
      refused: await db.deadLetters.count(),
    })).subscribe({ next: (counts) => (this.counts = counts), error: () => undefined });
    this.clock = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.unsubscribe();
    clearInterval(this.clock);
    clearTimeout(this.longSyncTimer);
    clearInterval(this.countdown);
    this.countdown = undefined;
  }

  protected override willUpdate(): void {
    const syncing = this.sync.value.status === SyncStatus.Syncing;
    if (syncing && this.syncingSince === undefined) {
      this.syncingSince = Date.now();
      this.longSyncTimer = setTimeout(() => this.requestUpdate(), LONG_SYNC_MS);
    } else if (!syncing) {
      this.syncingSince = undefined;
      clearTimeout(this.longSyncTimer);
    }
    // A scheduled retry counts down each second; nothing ticks otherwise.
    if (this.sync.value.nextRetryAt !== undefined && this.countdown === undefined) {
      this.now = Date.now();
      this.countdown = setInterval(() => (this.now = Date.now()), COUNTDOWN_TICK_MS);
    } else if (this.sync.value.nextRetryAt === undefined && this.countdown !== undefined) {
      clearInterval(this.countdown);
      this.countdown = undefined;
    }
  }

  override render() {
    const online = this.online.value;
    const { status, error } = this.worker.value;
    const signedIn = this.session.value.status === SessionStatus.SignedIn;
    return html`<section class="bar" aria-label="Connection and sync">
      <span role="status">
        <span class=${online ? 'online' : 'offline'} data-testid="connectivity">
          <span class="dot" aria-hidden="true"></span>${online ? 'Online' : 'Offline'}
        </span>
        <span
          class=${status === 'error' ? 'error' : ''}
          data-testid="worker-status"
          data-status=${status}
        >
          ${WORKER_TEXT[status]}${error ? html`: ${error}` : ''}
        </span>
      </span>
      ${signedIn ? this._renderSync() : nothing}
      <tl-dead-letters></tl-dead-letters>
    </section>`;
  }

  private _renderSync() {
    const state = this.sync.value;
    const { pending, refused } = this.counts;
    const paused = state.status === SyncStatus.PausedAuth;
    const syncing = state.status === SyncStatus.Syncing;
    return html`<span class="sync">
      ${this._renderSyncState()}
      ${
        pending > 0
          ? html`<span data-testid="pending-count">
              ${plural(pending, 'change', 'changes')} waiting
            </span>`
          : nothing
      }
      ${
        refused > 0
          ? html`<button
              type="button"
              class="refused"
              data-testid="dead-letters-button"
              aria-haspopup="dialog"
              @click=${this._onShowDeadLetters}
            >
              ${plural(refused, 'change', 'changes')} refused
            </button>`
          : nothing
      }
      ${
        paused
          ? nothing
          : html`<button
              type="button"
              class="sync-now"
              ?disabled=${syncing}
              @click=${this._onSyncNow}
            >
              Sync now
            </button>`
      }
    </span>`;
  }

  private _renderSyncState() {
    const state = this.sync.value;
    switch (state.status) {
      case SyncStatus.PausedAuth: {
        const next = encodeURIComponent(location.pathname + location.search);
        return html`<span
          class="warn"
          role="status"
          data-testid="sync-status"
          data-status=${state.status}
        >
          Signed out — sign in again to continue syncing; your changes are kept.
          <a href=${`/sign-in?next=${next}`}>Sign in</a>
        </span>`;
      }
      case SyncStatus.Syncing: {
        const progress = state.progress;
        const long =
          this.syncingSince !== undefined && Date.now() - this.syncingSince >= LONG_SYNC_MS;
        return html`<span data-testid="sync-status" data-status=${state.status}>
          Syncing…
          ${
            long && progress && progress.total > 0
              ? html`<progress
                    max=${progress.total}
                    .value=${progress.done}
                    aria-label="Sync progress"
                  ></progress
                  >${progressText(progress)}`
              : nothing
          }
        </span>`;
      }
      case SyncStatus.Offline:
      case SyncStatus.Backoff:
      case SyncStatus.Error:
        return html`<span
            class=${state.status === SyncStatus.Error ? 'error' : 'warn'}
            role="status"
            data-testid="sync-status"
            data-status=${state.status}
          >
            ${state.error ?? 'Sync is not running.'} </span
          >${this._renderNextTry(state.nextRetryAt)}`;
      case SyncStatus.Idle:
        return html`<span data-testid="sync-status" data-status=${state.status}>
          <span data-testid="last-synced">
            ${state.lastSyncedAt === null ? 'Not synced yet' : `Synced ${formatSince(state.lastSyncedAt, this.now)}`}
          </span>
        </span>`;
    }
  }

  private _renderNextTry(at: number | undefined) {
    if (at === undefined) return nothing;
    const seconds = Math.max(0, Math.ceil((at - this.now) / 1000));
    return html`<span data-testid="next-try" data-at=${at}>
      ${seconds === 0 ? 'Trying again…' : `Next try in ${seconds} s`}
    </span>`;
  }

  private _onSyncNow(): void {
    this.now = Date.now();
    void syncNow();
  }

  private _onShowDeadLetters(): void {
    void this.deadLetters.open(() => this.renderRoot.querySelector<HTMLElement>('.sync-now'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-status-bar': TlStatusBar;
  }
}
