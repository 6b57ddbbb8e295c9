import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import {
  sessionsResponseSchema,
  signedOutResponseSchema,
  type SessionInfo,
} from '../protocol/auth';
import { apiRequest, describeApiError } from '../api/api';
import { onlineStore } from '../app/connectivity';
import { SessionStatus, sessionStore } from '../app/session';
import { partStyles } from '../styles/shared';
import { SESSIONS_CHANGED_EVENT } from './tl-change-password';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Load =
  | { state: 'loading' }
  | { state: 'ready'; sessions: SessionInfo[] }
  | { state: 'failed'; message: string };

/**
 * The devices signed in to this account (the server's sessions), newest use first, with
 * "Sign out" for every other device. Needs a connection; offline it says so.
 */
@customElement('tl-devices')
export class TlDevices extends LitElement {
  @state() private load: Load = { state: 'loading' };
  @state() private announcement = '';
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  @query('h2') private heading!: HTMLElement;
  private readonly online = new StoreController(this, onlineStore);
  private readonly session = new StoreController(this, sessionStore);
  private loadedFor: string | undefined;

  static override styles = [
    ...partStyles,
    css`
      h2:focus {
        outline: none;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.6rem 0;
        border-bottom: 1px solid var(--tl-border);
      }
      .device {
        margin-right: auto;
        display: flex;
        flex-direction: column;
      }
      .device small {
        color: var(--tl-muted);
      }
      .this {
        font-weight: 600;
        color: var(--tl-ok);
      }
      li button {
        padding: 0.25rem 0.85rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  private readonly _onSessionsChanged = () => void this._load();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(SESSIONS_CHANGED_EVENT, this._onSessionsChanged);
  }

  override disconnectedCallback(): void {
    window.removeEventListener(SESSIONS_CHANGED_EVENT, this._onSessionsChanged);
    super.disconnectedCallback();
  }

  protected override willUpdate(): void {
    const { status, user } = this.session.value;
    if (status === SessionStatus.SignedIn && user && this.loadedFor !== user.userId) {
      this.loadedFor = user.userId;
      void this._load();
    }
  }

  private async _load(): Promise<void> {
    this.load = { state: 'loading' };
    try {
      const { sessions } = await apiRequest('GET', '/auth/sessions', {
        schema: sessionsResponseSchema,
      });
      sessions.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
      this.load = { state: 'ready', sessions };
    } catch (error) {
      this.load = { state: 'failed', message: describeApiError(error) };
    }
  }

  override render() {
    if (this.session.value.status !== SessionStatus.SignedIn) return nothing;
    return html`<section class="card" aria-labelledby="devices-title">
      <h2 id="devices-title" tabindex="-1">Signed-in devices</h2>
      ${this._renderBody()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      <tl-confirm-dialog></tl-confirm-dialog>
    </section>`;
  }

  private _renderBody() {
    const load = this.load;
    if (load.state === 'loading') return html`<p class="muted" role="status">Loading devices…</p>`;
    if (load.state === 'failed') {
      return html`<p class="error" role="alert" data-testid="devices-error">
          ${this.online.value ? load.message : 'The list of devices needs a connection; you are offline.'}
        </p>
        <button type="button" class="secondary" @click=${this._load}>Try again</button>`;
    }
    return html`<ul data-testid="devices">
        ${load.sessions.map(
          (session) =>
            html`<li data-session-id=${session.id}>
              <span class="device">
                <span>
                  ${session.deviceName || (session.kind === 'bearer' ? 'App token' : 'Browser')}
                  ${session.current ? html`<span class="this">(this device)</span>` : nothing}
                </span>
                <small>
                  Signed in ${dateFormat.format(session.createdAt)} · last used
                  ${dateFormat.format(session.lastSeenAt)}
                </small>
              </span>
              ${
                session.current
                  ? nothing
                  : html`<button
                      type="button"
                      class="secondary"
                      aria-label=${`Sign out ${session.deviceName || 'device'}, signed in ${dateFormat.format(session.createdAt)}`}
                      @click=${() => this._onRevoke(session)}
                    >
                      Sign out
                    </button>`
              }
            </li>`,
        )}
      </ul>
      ${
        load.sessions.some((session) => !session.current)
          ? html`<div class="actions">
              <button type="button" class="secondary" @click=${this._onSignOutOthers}>
                Sign out of all other devices
              </button>
            </div>`
          : nothing
      }`;
  }

  private async _onSignOutOthers(): Promise<void> {
    const confirmed = await this.confirmDialog.ask({
      heading: 'Sign out of all other devices?',
      message:
        'Every device but this one stops syncing at once. Changes they have not sent yet stay on them until someone signs in there again.',
      confirmLabel: 'Sign out other devices',
      danger: true,
    });
    if (!confirmed) return;
    try {
      const { signedOut } = await apiRequest('POST', '/auth/sign-out-others', {
        schema: signedOutResponseSchema,
      });
      this.announcement = `Signed out ${signedOut} other device${signedOut === 1 ? '' : 's'}.`;
      await this._load();
      this.heading.focus();
    } catch (error) {
      this.load = { state: 'failed', message: describeApiError(error) };
    }
  }

  private async _onRevoke(session: SessionInfo): Promise<void> {
    const name = session.deviceName || 'this device';
    const confirmed = await this.confirmDialog.ask({
      heading: `Sign out ${name}?`,
      message:
        'That device stops syncing at once. Changes it has not sent yet stay on it until someone signs in there again.',
      confirmLabel: 'Sign out device',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await apiRequest('DELETE', `/auth/sessions/${encodeURIComponent(session.id)}`);
      this.announcement = `Signed out ${name}.`;
      await this._load();
      this.heading.focus();
    } catch (error) {
      this.load = { state: 'failed', message: describeApiError(error) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-devices': TlDevices;
  }
}
