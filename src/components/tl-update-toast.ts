import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { applyUpdate, serviceWorkerStore } from '../app/serviceWorker';

/** Offers a waiting new build of Tideline: "Update available — reload" activates it. */
@customElement('tl-update-toast')
export class TlUpdateToast extends LitElement {
  private readonly worker = new StoreController(this, serviceWorkerStore);
  @state() private reloading = false;

  static override styles = css`
    :host {
      position: fixed;
      inset: auto 1rem 1rem auto;
      z-index: 10;
      max-width: calc(100vw - 2rem);
    }
    div {
      display: flex;
      align-items: center;
      gap: 1rem;
      background: var(--tl-text);
      color: var(--tl-bg);
      border-radius: var(--tl-radius);
      box-shadow: var(--tl-shadow);
      padding: 0.75rem 1rem;
    }
    button {
      font: inherit;
      border: 0;
      border-radius: 999px;
      padding: 0.35rem 1rem;
      background: var(--tl-bg);
      color: var(--tl-text);
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--tl-focus);
      outline-offset: 2px;
    }
    @media (max-width: 30rem) {
      :host {
        inset: auto 0.75rem 0.75rem 0.75rem;
      }
      div {
        justify-content: space-between;
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      div {
        animation: rise var(--tl-motion);
      }
      @keyframes rise {
        from {
          transform: translateY(1rem);
          opacity: 0;
        }
      }
    }
  `;

  override render() {
    if (!this.worker.value.updateAvailable) return nothing;
    return html`<div role="alert">
      <span>Update available</span>
      <button type="button" @click=${this._onReload} ?disabled=${this.reloading}>
        ${this.reloading ? 'Reloading…' : 'Reload'}
      </button>
    </div>`;
  }

  private _onReload(): void {
    this.reloading = true;
    void applyUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-update-toast': TlUpdateToast;
  }
}
