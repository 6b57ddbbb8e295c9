import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { apiRequest, describeApiError } from '../api/api';
import { SessionStatus, sessionStore } from '../app/session';
import { StoreController } from '../controllers/StoreController';
import { signedOutResponseSchema } from '../protocol/auth';
import { Limits } from '../protocol/limits';
import { partStyles } from '../styles/shared';
import { newPasswordOf } from './tl-new-password-fields';
import './tl-new-password-fields';

/** Fired on window when other devices were signed out, so the devices list reloads. */
export const SESSIONS_CHANGED_EVENT = 'tl-sessions-changed';

/**
 * Settings' account section: change the password, given the current one. Every other device
 * is signed out (this one stays), and the form says how many were.
 */
@customElement('tl-change-password')
export class TlChangePassword extends LitElement {
  @state() private busy = false;
  @state() private error = '';
  @state() private done = '';
  @query('form') private form!: HTMLFormElement;
  private readonly session = new StoreController(this, sessionStore);

  static override styles = [
    partStyles,
    css`
      form {
        display: grid;
        gap: 0.35rem;
        max-width: 26rem;
      }
      .error {
        color: var(--tl-danger);
      }
      .done {
        color: var(--tl-ok);
      }
    `,
  ];

  override render() {
    const { status, user } = this.session.value;
    if (status !== SessionStatus.SignedIn) return nothing;
    return html`<section class="card" aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <p class="muted">Signed in as <strong>${user?.email}</strong>.</p>
      <form @submit=${this._onSubmit} novalidate aria-busy=${this.busy}>
        <h3>Change password</h3>
        <label for="current-password">Current password</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          required
          maxlength=${Limits.passwordMax}
        />
        <tl-new-password-fields></tl-new-password-fields>
        <p class="muted">Every other device signed in to your account is signed out.</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <p class="done" role="status">${this.done}</p>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>
            ${this.busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>`;
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(this.form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const { password: newPassword, again } = newPasswordOf(data);
    this.done = '';
    if (currentPassword === '') {
      this.error = 'Enter your current password.';
      return;
    }
    if (newPassword.length < Limits.passwordMin || newPassword.length > Limits.passwordMax) {
      this.error = `The new password needs ${Limits.passwordMin} to ${Limits.passwordMax} characters.`;
      return;
    }
    if (newPassword !== again) {
      this.error = 'The two new passwords are not the same.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const { signedOut } = await apiRequest('POST', '/auth/password', {
        body: { currentPassword, newPassword },
        schema: signedOutResponseSchema,
      });
      this.form.reset();
      this.done =
        signedOut === 0
          ? 'Password changed.'
          : `Password changed. ${signedOut} other device${signedOut === 1 ? ' was' : 's were'} signed out.`;
      window.dispatchEvent(new Event(SESSIONS_CHANGED_EVENT));
    } catch (error) {
      this.error = describeApiError(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-change-password': TlChangePassword;
  }
}
