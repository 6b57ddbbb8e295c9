import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { describeApiError } from '../api/api';
import { confirmPasswordReset, requestPasswordReset } from '../api/passwordResetApi';
import { Limits } from '../protocol/limits';
import { PageName, pathFor } from '../protocol/routes';
import { pageStyles } from '../styles/shared';
import { newPasswordOf } from '../components/tl-new-password-fields';
import '../components/tl-new-password-fields';

type Stage = 'ask' | 'asked' | 'no-mail' | 'choose' | 'done';

/**
 * "Forgot password?". Without a token: asks for the e-mail address and says a link is on its way
 * if an account uses it (the server answers the same either way), or, when the server sends no
 * e-mail, whom to ask. With a token — the link from the e-mail, `/reset-password#<token>`, kept in
 * the fragment so it never reaches a server log — sets a new password, which signs the account
 * out everywhere, and sends the person to sign in.
 */
@customElement('tl-reset-password-page')
export class TlResetPasswordPage extends LitElement {
  @state() private stage: Stage = 'ask';
  @state() private busy = false;
  @state() private error = '';
  @state() private email = '';
  private token = '';

  static override styles = [
    pageStyles,
    css`
      form,
      .card {
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
      .hint {
        font-weight: 400;
        color: var(--tl-muted);
      }
      code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this._readToken();
    // The link opened in a tab already on this page changes only the fragment.
    window.addEventListener('hashchange', this._readToken);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._readToken);
  }

  private readonly _readToken = (): void => {
    const token = location.hash.slice(1);
    if (!token) return;
    this.token = token;
    this.stage = 'choose';
    this.error = '';
    // Out of the address bar and history: the link works once, and only here.
    history.replaceState(history.state, '', location.pathname);
  };

  override render() {
    const signIn = pathFor(PageName.SignIn);
    switch (this.stage) {
      case 'ask':
        return html`<h1 tabindex="-1">Reset your password</h1>
          <form class="card" novalidate @submit=${this._onAsk} aria-busy=${this.busy}>
            <p>
              Enter the e-mail address of your account and we will send you a link to choose a new
              password.
            </p>
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              required
              maxlength=${Limits.emailMax}
            />
            ${this._error()}
            <div class="actions">
              <button type="submit" ?disabled=${this.busy}>
                ${this.busy ? 'Please wait…' : 'Send the link'}
              </button>
              <a href=${signIn}>Back to sign in</a>
            </div>
          </form>`;
      case 'asked':
        return html`<h1 tabindex="-1">Check your e-mail</h1>
          <div class="card" role="status" data-testid="reset-asked">
            <p>
              If an account uses <strong>${this.email}</strong>, a link to choose a new password is
              on its way. It works once, for a short while.
            </p>
            <p class="muted">
              Nothing arrived? Look in your spam folder, or ask again in a few minutes.
            </p>
            <p><a href=${signIn}>Back to sign in</a></p>
          </div>`;
      case 'no-mail':
        return html`<h1 tabindex="-1">Reset your password</h1>
          <div class="card" role="status" data-testid="reset-no-mail">
            <p>This Tideline server does not send e-mail.</p>
            <p>
              Ask the person who runs it for a reset link: they can make one with
              <code>npm run reset-password -- ${this.email}</code>.
            </p>
            <p><a href=${signIn}>Back to sign in</a></p>
          </div>`;
      case 'choose':
        return html`<h1 tabindex="-1">Choose a new password</h1>
          <form class="card" novalidate @submit=${this._onChoose} aria-busy=${this.busy}>
            <tl-new-password-fields></tl-new-password-fields>
            <p class="muted">Setting it signs your account out on every device.</p>
            ${this._error()}
            <div class="actions">
              <button type="submit" ?disabled=${this.busy}>
                ${this.busy ? 'Please wait…' : 'Set new password'}
              </button>
            </div>
          </form>`;
      case 'done':
        return html`<h1 tabindex="-1">Password changed</h1>
          <div class="card" role="status" data-testid="reset-done">
            <p>Your new password is set and every device is signed out.</p>
            <p><a href=${signIn}>Sign in with your new password</a></p>
          </div>`;
    }
  }

  private _error() {
    return this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing;
  }

  private async _onAsk(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = String(new FormData(form).get('email') ?? '').trim();
    if (!form.checkValidity()) {
      this.error = 'Enter the e-mail address of your account.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const { mail } = await requestPasswordReset(email);
      this.email = email;
      this.stage = mail ? 'asked' : 'no-mail';
    } catch (error) {
      this.error = describeApiError(error);
    } finally {
      this.busy = false;
    }
  }

  private async _onChoose(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { password, again } = newPasswordOf(new FormData(event.target as HTMLFormElement));
    if (password.length < Limits.passwordMin) {
      this.error = `Choose a password of at least ${Limits.passwordMin} characters.`;
      return;
    }
    if (password !== again) {
      this.error = 'The two passwords are not the same.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await confirmPasswordReset(this.token, password);
      this.stage = 'done';
    } catch (error) {
      this.error = describeApiError(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-reset-password-page': TlResetPasswordPage;
  }
}
