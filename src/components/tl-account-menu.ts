import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { router } from '../router/router';
import { describeApiError } from '../api/api';
import { SessionStatus, sessionStore, signOut, unsentChanges } from '../app/session';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';
import { visuallyHiddenRule } from '../styles/shared';

function changes(count: number): string {
  return `${count} change${count === 1 ? '' : 's'}`;
}

/**
 * The header's account control: a "Sign in" link when nobody is signed in; otherwise who is
 * signed in and "Sign out". Signing out deletes this account's data from the device, so when
 * changes have not reached the server yet it warns first and only goes ahead on confirmation.
 */
@customElement('tl-account-menu')
export class TlAccountMenu extends LitElement {
  /** The sign-in page is on screen (its link carries `aria-current="page"`). */
  @property({ type: Boolean }) current = false;
  @state() private busy = false;
  @state() private error = '';
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  private readonly session = new StoreController(this, sessionStore);

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      position: relative;
    }
    a,
    button.sign-out {
      font: inherit;
      color: inherit;
      text-decoration: none;
      padding: 0.35rem 0.75rem;
      border-radius: 999px;
    }
    a[aria-current='page'] {
      background: rgb(255 255 255 / 18%);
      font-weight: 600;
    }
    button.sign-out {
      border: 1px solid rgb(255 255 255 / 55%);
      background: transparent;
      cursor: pointer;
    }
    button.sign-out:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    .who {
      max-width: 12rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* On a phone the navigation keeps to one row: the name is still read out, not shown. */
    @media (max-width: 30rem) {
      .who {
        ${visuallyHiddenRule}
      }
    }
    a:focus-visible,
    button:focus-visible {
      outline: 3px solid var(--tl-header-text);
      outline-offset: 2px;
    }
    .error {
      position: absolute;
      top: calc(100% + 0.5rem);
      right: 0;
      z-index: 15;
      width: min(22rem, calc(100vw - 2rem));
      margin: 0;
      padding: 0.75rem 1rem;
      background: var(--tl-surface);
      color: var(--tl-danger);
      border: 1px solid var(--tl-danger);
      border-radius: var(--tl-radius);
      box-shadow: var(--tl-shadow);
    }
    .error button {
      font: inherit;
      margin-left: 0.5rem;
      background: none;
      border: 0;
      color: var(--tl-accent);
      text-decoration: underline;
      cursor: pointer;
    }
  `;

  override render() {
    const { status, user } = this.session.value;
    if (status !== SessionStatus.SignedIn) {
      return html`<a href="/sign-in" aria-current=${this.current ? 'page' : 'false'}>Sign in</a>`;
    }
    const label = user?.name || user?.email || 'your account';
    return html`<span class="who" title=${user?.email ?? ''}>${label}</span>
      <button
        type="button"
        class="sign-out"
        ?disabled=${this.busy}
        aria-describedby=${this.error ? 'sign-out-error' : nothing}
        @click=${this._onSignOut}
      >
        ${this.busy ? 'Signing out…' : 'Sign out'}
      </button>
      ${
        this.error
          ? html`<p class="error" id="sign-out-error" role="alert">
              ${this.error}<button type="button" @click=${this._onDismiss}>Dismiss</button>
            </p>`
          : nothing
      }
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

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
