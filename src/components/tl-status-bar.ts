import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { LiveQueryController } from '../controllers/LiveQueryController';
import type { OutboxCounts } from '../controllers/OutboxCountsController';
import { StoreController } from '../controllers/StoreController';
import { onlineStore } from '../app/connectivity';
import { connectionState, type ConnectionWords } from '../app/connectionState';
import { serviceWorkerStore, type WorkerStatus } from '../app/serviceWorker';
import { SessionStatus, sessionStore } from '../app/session';
import { syncStore } from '../app/syncStore';
import { visuallyHiddenRule } from '../styles/shared';

const WORKER_TEXT: Record<WorkerStatus, string> = {
  unsupported: 'Offline use unavailable in this browser',
  registering: 'Preparing offline use…',
  installing: 'Saving Tideline for offline use…',
  ready: 'Ready to work offline',
  error: 'Offline use failed to start',
};

/**
 * Whether the worker's state is news: getting ready, broken or unavailable always is; "Ready to
 * work offline" only just after an install or update, not on every open.
 */
function workerIsNews(status: WorkerStatus, justInstalled: boolean | undefined): boolean {
  if (status === 'ready') return justInstalled === true;
  return status !== 'registering';
}

/**
 * The status area: one plain connection state (src/app/connectionState.ts: offline, server
 * unreachable, server busy or in trouble, signed out, syncing, online), news of offline use just
 * after it is set up, and — while someone is signed in — how sync is doing (tl-sync-status, whose
 * code loads then: a signed-out visitor's first visit downloads neither the database nor the sync
 * engine for it). The outbox is counted once, from the database (OutboxCountsController), for
 * both the connection state here and the counts in tl-sync-status.
 */
@customElement('tl-status-bar')
export class TlStatusBar extends LitElement {
  private readonly online = new StoreController(this, onlineStore);
  private readonly worker = new StoreController(this, serviceWorkerStore);
  private readonly session = new StoreController(this, sessionStore);
  private readonly sync = new StoreController(this, syncStore);
  /** Set once someone is signed in and the counting code has loaded. */
  private outbox: LiveQueryController<OutboxCounts> | undefined;
  private outboxAsked = false;

  static override styles = css`
    :host {
      display: block;
      border-bottom: 1px solid var(--tl-border);
      background: var(--tl-surface);
      font-size: 0.875rem;
    }
    /* One line while all is well: the dot, when it last synced and "Sync now". Only a problem
       that needs words (signed out, changes refused) takes a second line. */
    .bar {
      display: flex;
      align-items: center;
      gap: 0.5rem 1rem;
      max-width: 60rem;
      margin: 0 auto;
      padding: 0.3rem 1rem;
    }
    @media (max-width: 30rem) {
      .bar {
        gap: 0.5rem;
        padding: 0.25rem 0.75rem;
      }
      /* News of offline use, just after it is set up, keeps to the one line too: cut short
         on the narrowest screens (read out in full), never a second line over the page. */
      /* …it gives way; the sync state keeps its width, up to the bar's (longer words wrap). */
      [role='status'] {
        flex: 0 1 auto;
        min-width: 0;
      }
      tl-sync-status {
        flex: 0 0 auto;
        max-width: 100%;
      }
      [data-testid='worker-status'] {
        display: block;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      /* The dot says it; the word is still read out. "Offline" stays in sight. */
      .online .word {
        ${visuallyHiddenRule}
      }
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
  `;

  protected override willUpdate(): void {
    if (this.session.value.status !== SessionStatus.SignedIn) return;
    void import('./tl-sync-status');
    if (this.outboxAsked) return;
    this.outboxAsked = true;
    void import('../controllers/OutboxCountsController').then(({ watchOutboxCounts }) => {
      this.outbox = watchOutboxCounts(this);
      this.requestUpdate();
    });
  }

  /** The one state shown: from the browser's online flag, the engine's last outcome and the outbox. */
  private _connection(counts: OutboxCounts | undefined): ConnectionWords {
    return connectionState({
      online: this.online.value,
      signedIn: this.session.value.status === SessionStatus.SignedIn,
      sync: this.sync.value,
      pending: counts?.pending ?? 0,
    });
  }

  override render() {
    const counts = this.outbox?.value;
    const connection = this._connection(counts);
    const { status, error, justInstalled } = this.worker.value;
    const signedIn = this.session.value.status === SessionStatus.SignedIn;
    return html`<section class="bar" aria-label="Connection and sync">
      <span role="status">
        <span
          class=${connection.tone === 'ok' ? 'online' : 'offline'}
          data-testid="connectivity"
          data-state=${connection.state}
        >
          <span class="dot" aria-hidden="true"></span><span class="word">${connection.label}</span>
        </span>
        ${
          workerIsNews(status, justInstalled)
            ? html`<span
                class=${status === 'error' ? 'error' : ''}
                data-testid="worker-status"
                data-status=${status}
              >
                ${WORKER_TEXT[status]}${error ? html`: ${error}` : ''}
              </span>`
            : nothing
        }
      </span>
      ${
        signedIn
          ? html`<tl-sync-status .connection=${connection} .counts=${counts}></tl-sync-status>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-status-bar': TlStatusBar;
  }
}
