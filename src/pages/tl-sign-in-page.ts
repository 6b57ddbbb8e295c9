import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '../components/tl-confirm-dialog';
import type { TlConfirmDialog } from '../components/tl-confirm-dialog';
import { StoreController } from '../controllers/StoreController';
import { Limits } from '../protocol/limits';
import { router } from '../router/router';
import { PageName, matchRoute, pathFor, safeNextPath } from '../protocol/routes';
import { describeApiError } from '../api/apiError';
import { onlineStore } from '../app/connectivity';
import { markOnboarded } from '../app/onboarding';
import {
  SessionStatus,
  sessionStore,
  signIn,
  unsentChangesOfOtherAccount,
  type AuthMode,
} from '../app/session';
import { syncStore } from '../app/syncStore';
import { SyncStatus } from '../sync/SyncState';
import { pageStyles } from '../styles/shared';

/**
 * Sign in, or create an account, with email and password. Needs a connection. Afterwards it
 * goes to `next` — given by the shell when it shows this page in place of a protected one, or
 * the `?next=` of the address — or to the notebooks.
 *
 * Reached from the welcome screen with "Get started" (`welcome`), a new account starts with a
 * first notebook holding a short welcome entry, and opens it. Reached from an invite link, it
 * says so and goes back to the invite afterwards.
 */
@customElement('tl-sign-in-page')
export class TlSignInPage extends LitElement {
  /** Where to go after signing in; defaults to `?next=` of the address, then /notebooks. */
  @property() next = '';
  /** Which form shows first. */
  @property() mode: AuthMode = 'sign-in';
  /** Came from the welcome screen: a new account gets a first notebook. */
  @property({ type: Boolean }) welcome = false;
  @state() private busy = false;
  @state() private error = '';
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  private readonly session = new StoreController(this, sessionStore);
  private readonly sync = new StoreController(this, syncStore);
  private readonly online = new StoreController(this, onlineStore);

  static override styles = [
    pageStyles,
    css`
      form {
        max-width: 26rem;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        margin-top: 1.25rem;
        flex-wrap: wrap;
      }
      .error {
        color: var(--tl-danger);
        margin-top: 1rem;
      }
      .note {
        max-width: 26rem;
        border-left: 4px solid var(--tl-warn);
      }
      .hint {
        font-weight: 400;
        color: var(--tl-muted);
      }
    `,
  ];

  override render() {
    const signUp = this.mode === 'sign-up';
    const { status, user } = this.session.value;
    const expired =
      (status === SessionStatus.SignedIn && this.sync.value.status === SyncStatus.PausedAuth) ||
      (status === SessionStatus.SignedOut && user !== undefined);
    const invited =
      matchRoute(new URL(this._destination(), location.href).pathname).page === PageName.Join;
    return html`<h1 tabindex="-1">${signUp ? 'Create your account' : 'Sign in'}</h1>
      ${
        this.online.value
          ? nothing
          : html`<p class="card note" data-testid="offline-note">
              You are offline. Signing in needs a connection; the form works again once you are back
              online.
            </p>`
      }
      ${
        invited
          ? html`<p class="card note" data-testid="invite-note">
              You were invited to a notebook. Sign in, or create an account, and you can join it
              right after.
            </p>`
          : nothing
      }
      ${
        expired && user?.email
          ? html`<p class="card note" data-testid="session-ended">
              Your session has ended. Sign in again as <strong>${user.email}</strong> to keep
              syncing; your changes are kept on this device.
            </p>`
          : nothing
      }
      <form class="card" @submit=${this._onSubmit} novalidate aria-busy=${this.busy}>
        ${
          signUp
            ? html`<label for="name"
                  >Your name <span class="hint">(shown to teammates)</span></label
                >
                <input id="name" name="name" autocomplete="name" maxlength=${Limits.nameMax} />`
            : nothing
        }
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          maxlength=${Limits.emailMax}
          .defaultValue=${user?.email ?? ''}
        />
        <label for="password"
          >Password${signUp ? html` <span class="hint">(at least ${Limits.passwordMin} characters)</span>` : nothing}</label
        >
        <input
          id="password"
          name="password"
          type="password"
          minlength=${signUp ? Limits.passwordMin : 1}
          maxlength=${Limits.passwordMax}
          autocomplete=${signUp ? 'new-password' : 'current-password'}
          required
        />
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>
            ${this.busy ? 'Please wait…' : signUp ? 'Create account' : 'Sign in'}
          </button>
          <button type="button" class="secondary" @click=${this._onToggleMode}>
            ${signUp ? 'I already have an account' : 'Create an account'}
          </button>
        </div>
        ${
          signUp
            ? nothing
            : html`<p class="forgot">
                <a href=${pathFor(PageName.ResetPassword)}>Forgot password?</a>
              </p>`
        }
      </form>
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _onToggleMode(): void {
    this.mode = this.mode === 'sign-in' ? 'sign-up' : 'sign-in';
    this.error = '';
  }

  private _destination(): string {
    const fromAddress = new URLSearchParams(location.search).get('next');
    return safeNextPath(this.next) ?? safeNextPath(fromAddress) ?? '/notebooks';
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const name = String(data.get('name') ?? '').trim();
    if (!form.checkValidity()) {
      this.error =
        this.mode === 'sign-up'
          ? `Enter your email address and a password of at least ${Limits.passwordMin} characters.`
          : 'Enter your email address and your password.';
      return;
    }
    if (!navigator.onLine) {
      this.error = 'You are offline. Signing in needs a connection; try again once you are online.';
      return;
    }
    this.error = '';
    const other = await unsentChangesOfOtherAccount(email);
    if (other.count > 0) {
      const plural = other.count === 1 ? "change hasn't" : "changes haven't";
      const confirmed = await this.confirmDialog.ask({
        heading: 'Delete another account’s unsent changes?',
        message: `${other.count} ${plural} reached the server yet from ${other.email} on this device. Signing in as ${email} deletes them from this device. To keep them, sign in as ${other.email} instead.`,
        confirmLabel: `Delete them and continue`,
        danger: true,
      });
      if (!confirmed) return;
    }
    this.busy = true;
    try {
      await signIn(this.mode, { email, password, ...(name && { name }) });
      markOnboarded();
      const destination = this._destination();
      const toNotebooks = matchRoute(new URL(destination, location.href).pathname).page;
      if (this.mode === 'sign-up' && this.welcome && toNotebooks === PageName.Notebooks) {
        const { createWelcomeNotebook } = await import('../app/welcomeNotebook');
        const notebookId = await createWelcomeNotebook(name);
        router.navigate(pathFor(PageName.Notebook, { notebookId }), { replace: true });
        return;
      }
      router.navigate(destination, { replace: true });
    } catch (error) {
      this.error = describeApiError(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-sign-in-page': TlSignInPage;
  }
}
