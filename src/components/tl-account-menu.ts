import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { router } from '../router/router';
import { describeApiError } from '../api/apiError';
import { SessionStatus, sessionStore, signOut, unsentChanges } from '../app/session';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';
import './tl-install-button';
import { accountMenuStyles } from './tl-account-menu.styles';

function changes(count: number): string {
  return `${count} change${count === 1 ? '' : 's'}`;
}

export { MENU_BREAKPOINT } from './tl-account-menu.styles';

/**
 * The header's account control: "Sign in" when nobody is signed in; otherwise who is signed in
 * and "Sign out". Signing out deletes this account's data from the device, so when changes have
 * not reached the server yet it warns first and only goes ahead on confirmation. It also holds
 * "Install Tideline" while the browser can install it.
 *
 * On a wide screen these sit in the header's row. On a phone they fold into a menu behind one
 * button ("Menu", a disclosure: Escape or a click elsewhere closes it), so the header is one row.
 */
@customElement('tl-account-menu')
export class TlAccountMenu extends LitElement {
  /** The sign-in page is on screen (its link carries `aria-current="page"`). */
  @property({ type: Boolean }) current = false;
  @state() private busy = false;
  @state() private error = '';
  /** The phone's menu is open. */
  @state() private open = false;
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  @query('button.menu') private menuButton!: HTMLButtonElement;
  private readonly session = new StoreController(this, sessionStore);

  static override styles = accountMenuStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this._onDocumentClick);
  }

  override render() {
    const { status, user } = this.session.value;
    const signedIn = status === SessionStatus.SignedIn;
    const label = user?.name || user?.email || 'your account';
    return html`<button
        type="button"
        class="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="account-panel"
        @click=${this._onToggle}
      >
        <span class="bars" aria-hidden="true"><span></span><span></span><span></span></span
        ><span class="word">Menu</span>
      </button>
      <div
        id="account-panel"
        class=${this.open ? 'panel open' : 'panel'}
        @keydown=${this._onKeydown}
        @focusout=${this._onFocusOut}
      >
        ${
          signedIn
            ? html`<span class="who" title=${user?.email ?? ''}
                >${label}${user?.email && user.email !== label ? html`<small>${user.email}</small>` : nothing}</span
              >`
            : nothing
        }
        <tl-install-button></tl-install-button>
        ${
          signedIn
            ? html`<button
                type="button"
                class="sign-out"
                ?disabled=${this.busy}
                aria-describedby=${this.error ? 'sign-out-error' : nothing}
                @click=${this._onSignOut}
              >
                ${this.busy ? 'Signing out…' : 'Sign out'}
              </button>`
            : html`<a
                href="/sign-in"
                aria-current=${this.current ? 'page' : 'false'}
                @click=${this._onClose}
                >Sign in</a
              >`
        }
        ${
          signedIn && this.error
            ? html`<p class="error" id="sign-out-error" role="alert">
                ${this.error}<button type="button" @click=${this._onDismiss}>Dismiss</button>
              </p>`
            : nothing
        }
      </div>
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _onToggle(): void {
    this.open = !this.open;
    if (this.open) void this.updateComplete.then(() => this._firstItem()?.focus());
  }

  /** The menu's first control: "Install Tideline" when offered, else Sign out or Sign in. */
  private _firstItem(): HTMLElement | null {
    const install = this.renderRoot
      .querySelector('tl-install-button')
      ?.shadowRoot?.querySelector<HTMLElement>('button.install');
    return install ?? this.renderRoot.querySelector<HTMLElement>('.panel :is(a, button)');
  }

  private _onClose(): void {
    this.open = false;
  }

  /** Escape closes the menu and returns to its button (not while a dialog of it is open). */
  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.open) return;
    if (event.composedPath().some((node) => node instanceof HTMLDialogElement)) return;
    this.open = false;
    this.menuButton.focus();
  }

  /** Tabbing out of the menu closes it (focus moving into its own dialogs stays inside). */
  private _onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (this.open && next && !this.renderRoot.contains(next)) this.open = false;
  }

  /** A click anywhere else closes the menu; clicks in its dialogs count as inside. */
  private readonly _onDocumentClick = (event: MouseEvent): void => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  private async _onSignOut(): Promise<void> {
    this.error = '';
    const { pending, refused } = await unsentChanges();
    if (pending > 0 || refused > 0) {
      const parts: string[] = [];
      if (pending > 0) {
        parts.push(
          `${changes(pending)} ${pending === 1 ? "hasn't" : "haven't"} reached the server yet; signing out deletes ${pending === 1 ? 'it' : 'them'} from this device.`,
        );
      }
      if (refused > 0) {
        parts.push(
          `${changes(refused)} the server refused ${refused === 1 ? 'is' : 'are'} deleted too.`,
        );
      }
      const confirmed = await this.confirmDialog.ask({
        heading: 'Sign out and delete unsent changes?',
        message: parts.join(' '),
        confirmLabel: 'Sign out and delete',
        cancelLabel: 'Stay signed in',
        danger: true,
      });
      if (!confirmed) return;
    }
    this.busy = true;
    try {
      await signOut();
      this.open = false;
      router.navigate('/sign-in');
    } catch (error) {
      this.error = describeApiError(error);
    } finally {
      this.busy = false;
    }
  }

  private _onDismiss(): void {
    this.error = '';
    this.renderRoot.querySelector<HTMLButtonElement>('button.sign-out')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-account-menu': TlAccountMenu;
  }
}
