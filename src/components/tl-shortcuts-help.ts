import { LitElement, css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { ModalController } from '../controllers/ModalController';
import { SHORTCUTS } from '../app/shortcuts';
import { dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';

/** A dialog listing Tideline's keyboard shortcuts (opened with `?`). */
@customElement('tl-shortcuts-help')
export class TlShortcutsHelp extends LitElement {
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly modal = new ModalController(this, () => this.dialog);

  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
      dl {
        grid-template-columns: 3rem 1fr;
        align-items: center;
      }
      dt {
        color: inherit;
      }
      kbd {
        display: inline-block;
        min-width: 1.8rem;
        text-align: center;
        font:
          600 0.95rem/1.6 ui-monospace,
          monospace;
        border: 1px solid var(--tl-border);
        border-bottom-width: 3px;
        border-radius: 6px;
        background: var(--tl-surface-2);
        padding: 0 0.4rem;
      }
    `,
  ];

  /** Opens the list; focus returns to where it was on close. */
  async open(): Promise<void> {
    await this.modal.open({ focus: () => this.renderRoot.querySelector('button') });
  }

  override render() {
    return html`<dialog aria-labelledby="shortcuts-title">
      <div class="dialog-header"><h2 id="shortcuts-title">Keyboard shortcuts</h2></div>
      <p class="muted">They work anywhere except while typing in a field.</p>
      <dl>
        ${SHORTCUTS.map(
          (shortcut) =>
            html`<dt><kbd>${shortcut.key}</kbd></dt>
              <dd>${shortcut.description}</dd>`,
        )}
      </dl>
      <div class="dialog-actions">
        <button type="button" @click=${() => this.modal.close()}>Close</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-shortcuts-help': TlShortcutsHelp;
  }
}
