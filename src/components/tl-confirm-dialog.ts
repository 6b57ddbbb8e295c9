import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { ModalController } from '../controllers/ModalController';
import { dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';

export interface ConfirmOptions {
  heading: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  /** The action destroys something: red confirm button, announced as an alert dialog. */
  danger?: boolean;
}

/**
 * Asks a yes/no question in a modal dialog: `await dialog.ask({...})` is true when the user
 * confirms, false when they cancel, press Escape or close it. Focus starts on Cancel — the safe
 * answer — and returns to the control that asked.
 */
@customElement('tl-confirm-dialog')
export class TlConfirmDialog extends LitElement {
  @state() private options: ConfirmOptions | undefined;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.cancel') private cancelButton!: HTMLButtonElement;
  private readonly modal = new ModalController(this, () => this.dialog);
  private answer: ((confirmed: boolean) => void) | undefined;

  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** Opens the dialog; resolves with the user's answer. */
  async ask(options: ConfirmOptions): Promise<boolean> {
    this.answer?.(false);
    this.options = options;
    const answered = new Promise<boolean>((resolve) => (this.answer = resolve));
    await this.modal.open({ focus: () => this.cancelButton });
    return answered;
  }

  override render() {
    const options = this.options;
    return html`<dialog
      role=${options?.danger ? 'alertdialog' : 'dialog'}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      @close=${this._onClose}
    >
      <div class="dialog-header"><h2 id="confirm-title">${options?.heading ?? ''}</h2></div>
      <p id="confirm-message">${options?.message ?? ''}</p>
      <div class="dialog-actions">
        <button type="button" class="secondary cancel" @click=${this._onCancel}>
          ${options?.cancelLabel ?? 'Cancel'}
        </button>
        <button type="button" class=${options?.danger ? 'danger' : ''} @click=${this._onConfirm}>
          ${options?.confirmLabel ?? 'OK'}
        </button>
      </div>
    </dialog>`;
  }

  private _settle(confirmed: boolean): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(confirmed);
  }

  private _onConfirm(): void {
    this._settle(true);
    this.modal.close();
  }

  private _onCancel(): void {
    this.modal.close();
  }

  /** Escape, Cancel and the browser closing the dialog all mean "no". */
  private _onClose(): void {
    this._settle(false);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-confirm-dialog': TlConfirmDialog;
  }
}
