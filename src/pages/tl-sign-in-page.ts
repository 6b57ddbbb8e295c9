import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { router } from '../router/router';
import { pageStyles } from '../styles/shared';

type Mode = 'sign-in' | 'sign-up';

/** Sign in, or create an account, with email and password. Needs a connection. */
@customElement('tl-sign-in-page')
export class TlSignInPage extends LitElement {
  @state() private mode: Mode = 'sign-in';
  @state() private busy = false;
  @state() private error = '';

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
    `,
  ];

  override render() {
    const signUp = this.mode === 'sign-up';
    return html`<h1 tabindex="-1">${signUp ? 'Create your account' : 'Sign in'}</h1>
      <form class="card" @submit=${this._onSubmit} novalidate>
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          minlength="8"
          autocomplete=${signUp ? 'new-password' : 'current-password'}
          required
        />
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>
            ${signUp ? 'Create account' : 'Sign in'}
          </button>
          <button type="button" class="secondary" @click=${this._onToggleMode}>
            ${signUp ? 'I already have an account' : 'Create an account'}
          </button>
        </div>
      </form>`;
  }

  private _onToggleMode(): void {
    this.mode = this.mode === 'sign-in' ? 'sign-up' : 'sign-in';
    this.error = '';
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!form.checkValidity()) {
      this.error = 'Enter your email address and a password of at least 8 characters.';
      return;
    }
    if (!navigator.onLine) {
      this.error = 'You are offline. Signing in needs a connection; try again once you are online.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const response = await fetch(`/api/auth/${this.mode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) {
        router.navigate('/notebooks');
        return;
      }
      this.error = await describeFailure(response);
    } catch {
      this.error = 'Tideline could not reach its server. Check your connection and try again.';
    } finally {
      this.busy = false;
    }
  }
}

async function describeFailure(response: Response): Promise<string> {
  if (response.status === 404) return 'This server does not offer accounts.';
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not the API's error shape; fall through to a generic message.
  }
  return `The server could not sign you in (HTTP ${response.status}). Try again in a moment.`;
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-sign-in-page': TlSignInPage;
  }
}
