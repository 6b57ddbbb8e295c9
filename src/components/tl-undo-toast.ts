import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';

/** How long an offer to undo stays, unless the person is in it (focus or pointer). */
export const UNDO_SHOW_MS = 8000;

export interface UndoOffer {
  /** What happened, e.g. "Entry deleted". */
  message: string;
  /** Said once the undo is written, e.g. "Entry restored". */
  undone: string;
  undo: () => Promise<void>;
}

/**
 * "Entry deleted — Undo": one offer at a time, at the bottom of the screen, for UNDO_SHOW_MS
 * (paused while focus or the pointer is inside it). The message sits in a live region so screen
 * readers announce it; Undo is a button (Tab reaches it) and Ctrl+Z / ⌘Z outside a text field
 * takes the offer too. A failed undo says why and keeps nothing half done (the undo is one local
 * write).
 */
@customElement('tl-undo-toast')
export class TlUndoToast extends LitElement {
  @state() private offer: UndoOffer | undefined;
  @state() private text = '';
  @state() private busy = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private held = false;

  static override styles = css`
    :host {
      position: fixed;
      inset: auto auto 1rem 50%;
      transform: translateX(-50%);
      z-index: 11;
      max-width: calc(100vw - 2rem);
    }
    .toast {
      display: flex;
      align-items: center;
      gap: 1rem;
      background: var(--tl-text);
      color: var(--tl-bg);
      border-radius: var(--tl-radius);
      box-shadow: var(--tl-shadow);
      padding: 0.6rem 0.75rem 0.6rem 1rem;
    }
    /* Empty: no box, but the live region stays in the accessibility tree to announce the next. */
    .toast.empty {
      display: contents;
    }
    button {
      font: inherit;
      font-weight: 600;
      border: 0;
      border-radius: 999px;
      padding: 0.35rem 1rem;
      background: var(--tl-bg);
      color: var(--tl-text);
      cursor: pointer;
      white-space: nowrap;
    }
    button.close {
      background: transparent;
      color: inherit;
      padding: 0.35rem 0.5rem;
    }
    button:focus-visible {
      outline: 3px solid var(--tl-focus);
      outline-offset: 2px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this._onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this._onKeyDown);
    clearTimeout(this.timer);
  }

  /** Shows `offer`, replacing any earlier one (which can no longer be taken from here). */
  show(offer: UndoOffer): void {
    this.offer = offer;
    this.text = offer.message;
    this.busy = false;
    this._arm();
  }

  private _arm(): void {
    clearTimeout(this.timer);
    if (!this.held) this.timer = setTimeout(() => this._dismiss(), UNDO_SHOW_MS);
  }

  private _dismiss(): void {
    clearTimeout(this.timer);
    this.offer = undefined;
    this.text = '';
  }

  private _hold(held: boolean): void {
    this.held = held;
    if (this.offer) this._arm();
  }

  private readonly _onKeyDown = (event: KeyboardEvent): void => {
    if (!this.offer || this.busy) return;
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.key.toLowerCase() !== 'z') {
      return;
    }
    const target = event.composedPath()[0];
    // In a text field Ctrl+Z undoes typing, as it always does.
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || target.matches('input, textarea'))
    ) {
      return;
    }
    event.preventDefault();
    void this._onUndo();
  };

  private async _onUndo(): Promise<void> {
    const offer = this.offer;
    if (!offer || this.busy) return;
    this.busy = true;
    clearTimeout(this.timer);
    try {
      await offer.undo();
      this.offer = undefined;
      this.text = offer.undone;
      this.timer = setTimeout(() => (this.text = ''), 4000);
    } catch (error) {
      this.offer = undefined;
      this.text = `Could not undo: ${error instanceof Error ? error.message : String(error)}`;
      this.timer = setTimeout(() => (this.text = ''), UNDO_SHOW_MS);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    // The live region stays in the page so each new message is announced.
    return html`<div
      class="toast ${this.text ? '' : 'empty'}"
      data-testid="undo-toast"
      @focusin=${() => this._hold(true)}
      @focusout=${() => this._hold(false)}
      @pointerenter=${() => this._hold(true)}
      @pointerleave=${() => this._hold(false)}
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this._dismiss()}
    >
      <span role="status" aria-live="polite">${this.text}</span>
      ${
        this.offer
          ? html`<button type="button" @click=${this._onUndo} ?disabled=${this.busy}>Undo</button>
              <button type="button" class="close" aria-label="Dismiss" @click=${this._dismiss}>
                ✕
              </button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-undo-toast': TlUndoToast;
  }
}
