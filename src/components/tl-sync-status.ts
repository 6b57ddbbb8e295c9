import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { NO_OUTBOX_COUNTS, type OutboxCounts } from '../controllers/OutboxCountsController';
import { StoreController } from '../controllers/StoreController';
import { onlineStore } from '../app/connectivity';
import type { ConnectionWords } from '../app/connectionState';
import { syncNow, syncStore } from '../app/sync';
import { SyncStatus } from '../sync/SyncEngine';
import type { SyncProgress } from '../sync/syncOnce';
import './tl-dead-letters';
import type { TlDeadLetters } from './tl-dead-letters';

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
 * How sync is doing, in the status area while someone is signed in: changes waiting, when it last
 * synced, progress during a long sync, problems in plain words, "Sync now", and the changes the
 * server refused (opening the dead-letter list). When the session has ended it says so and links
 * to sign-in; changes keep queueing meanwhile. Its module (with the database and the sync engine)
 * loads only once someone is signed in.
 */
@customElement('tl-sync-status')
export class TlSyncStatus extends LitElement {
  private readonly sync = new StoreController(this, syncStore);
  private readonly online = new StoreController(this, onlineStore);
  /** The status bar's connection state, whose words this repeats for a failed sync. */
  @property({ attribute: false }) connection: ConnectionWords | undefined;
  /** The outbox, counted by the status bar from the database (OutboxCountsController). */
  @property({ attribute: false }) counts: OutboxCounts | undefined;
  @state() private now = Date.now();
  @query('tl-dead-letters') private deadLetters!: TlDeadLetters;
  private syncingSince: number | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;
  private longSyncTimer: ReturnType<typeof setTimeout> | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.25rem 1rem;
      margin-left: auto;
      min-width: 0;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
    }
    .error {
      color: var(--tl-danger);
    }
    .warn {
      color: var(--tl-warn);
    }
    .warn,
    .error {
      display: inline;
    }
    a {
      color: var(--tl-accent);
      font-weight: 600;
      white-space: nowrap;
    }
    button {
      font: inherit;
      border: 1px solid var(--tl-accent);
      background: transparent;
      color: var(--tl-accent);
      border-radius: 999px;
      padding: 0.1rem 0.75rem;
      cursor: pointer;
      white-space: nowrap;
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
    this.clock = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
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
    const state = this.sync.value;
    const { pending, refused } = this.counts ?? NO_OUTBOX_COUNTS;
    const paused = state.status === SyncStatus.PausedAuth;
    const syncing = state.status === SyncStatus.Syncing;
    return html`${this._renderSyncState()}
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
      } <tl-dead-letters></tl-dead-letters>`;
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
            ${this.connection?.detail ?? state.error ?? 'Sync is not running.'} </span
          >${this.online.value ? this._renderNextTry(state.nextRetryAt) : nothing}`;
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
    'tl-sync-status': TlSyncStatus;
  }
}
