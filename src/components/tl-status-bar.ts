import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { onlineStore } from '../state/connectivity';
import { serviceWorkerStore, type WorkerStatus } from '../state/serviceWorker';

const WORKER_TEXT: Record<WorkerStatus, string> = {
  unsupported: 'Offline use unavailable in this browser',
  registering: 'Preparing offline use…',
  installing: 'Saving Tideline for offline use…',
  ready: 'Ready to work offline',
  error: 'Offline use failed to start',
};

/** The status area: whether the device is online and whether the app is ready to run offline. */
@customElement('tl-status-bar')
export class TlStatusBar extends LitElement {
  private readonly online = new StoreController(this, onlineStore);
  private readonly worker = new StoreController(this, serviceWorkerStore);

  static override styles = css`
    :host {
      display: block;
      border-bottom: 1px solid var(--tl-border);
      background: var(--tl-surface);
      font-size: 0.875rem;
    }
    div {
      display: flex;
      flex-wrap: wrap;
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
  `;

  override render() {
    const online = this.online.value;
    const { status, error } = this.worker.value;
    return html`<div role="status" aria-live="polite">
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
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-status-bar': TlStatusBar;
  }
}
