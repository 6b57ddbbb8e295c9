import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { StoreController } from '../controllers/StoreController';
import { Trigger } from '../db/db';
import type { InvitePreview } from '../protocol/notebooks';
import { NotebookErrorCode } from '../protocol/notebooks';
import { Role } from '../protocol/roles';
import { router } from '../router/router';
import { PageName, pathFor } from '../protocol/routes';
import { ApiRequestError, describeApiError, isOfflineError } from '../api/api';
import { noAnswerMessage } from '../app/connectionState';
import { acceptInvite, previewInvite } from '../api/membersApi';
import { SessionStatus, sessionStore } from '../app/session';
import { getSyncEngine } from '../app/sync';
import { pageStyles } from '../styles/shared';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; preview: InvitePreview }
  | { state: 'joining'; preview: InvitePreview }
  | { state: 'failed'; message: string; retry: boolean };

const ROLE_TEXT: Record<string, string> = {
  [Role.Editor]: 'an editor: you can add and change entries',
  [Role.Viewer]: 'a viewer: you can read entries',
};

/**
 * An invite link, `/join/<token>`: says who invited the user to which notebook and with what
 * role, and joins on "Join". Signed out, it goes to sign-in first and comes back (`?next=`).
 * After joining it syncs, so the notebook is on the device when its page opens.
 */
@customElement('tl-join-page')
export class TlJoinPage extends LitElement {
  @property() token = '';
  @state() private load: Load = { state: 'loading' };
  private readonly session = new StoreController(this, sessionStore);
  /** The token whose preview was asked for, so it is fetched once per token. */
  private requested: string | undefined;

  static override styles = [
    pageStyles,
    css`
      .invite {
        font-size: 1.1rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token')) this.requested = undefined;
    const { status } = this.session.value;
    if (status === SessionStatus.SignedOut) {
      const next = encodeURIComponent(`/join/${this.token}`);
      // After this render; navigating re-renders the shell, which replaces this page.
      queueMicrotask(() => router.navigate(`/sign-in?next=${next}`, { replace: true }));
      return;
    }
    if (status === SessionStatus.SignedIn && this.requested !== this.token) {
      this.requested = this.token;
      void this._preview();
    }
  }

  private async _preview(): Promise<void> {
    this.load = { state: 'loading' };
    try {
      this.load = { state: 'ready', preview: await previewInvite(this.token) };
    } catch (error) {
      this.load = this._failure(error, 'Opening an invite');
    }
  }

  private _failure(error: unknown, doing: string): Load {
    if (isOfflineError(error)) {
      return {
        state: 'failed',
        message: noAnswerMessage(navigator.onLine, doing),
        retry: true,
      };
    }
    const invalid =
      error instanceof ApiRequestError &&
      (error.code === NotebookErrorCode.inviteInvalid || error.status === 400);
    return {
      state: 'failed',
      message: invalid
        ? 'This invite link is invalid or has expired. Ask the notebook’s owner for a new one.'
        : describeApiError(error),
      retry: !invalid,
    };
  }

  override render() {
    return html`<h1 tabindex="-1">Join a notebook</h1>
      ${this._renderBody()}`;
  }

  private _renderBody() {
    const load = this.load;
    if (this.session.value.status !== SessionStatus.SignedIn || load.state === 'loading') {
      return html`<p class="card muted" role="status">Opening the invite…</p>`;
    }
    if (load.state === 'failed') {
      return html`<div class="card" data-testid="join-error">
        <p class="error" role="alert">${load.message}</p>
        <p>
          ${load.retry ? html`<button type="button" @click=${this._preview}>Try again</button>` : nothing}
          <a href="/notebooks">Go to your notebooks</a>
        </p>
      </div>`;
    }
    const { preview } = load;
    const notebookPath = pathFor(PageName.Notebook, { notebookId: preview.notebookId });
    if (preview.alreadyMember) {
      return html`<div class="card" data-testid="join-preview">
        <p class="invite">You are already a member of <strong>${preview.notebookName}</strong>.</p>
        <p><a href=${notebookPath}>Open ${preview.notebookName}</a></p>
      </div>`;
    }
    const joining = load.state === 'joining';
    return html`<div class="card" data-testid="join-preview">
      <p class="invite">
        <strong>${preview.invitedBy}</strong> invited you to
        <strong>${preview.notebookName}</strong>
        as ${ROLE_TEXT[preview.role] ?? preview.role}.
      </p>
      <p class="muted">
        The invite is valid until ${new Date(preview.expiresAt).toLocaleString()}.
      </p>
      <p>
        <button type="button" ?disabled=${joining} @click=${this._onJoin}>
          ${joining ? 'Joining…' : `Join ${preview.notebookName}`}
        </button>
      </p>
      ${joining ? html`<p role="status">Joining and downloading the notebook…</p>` : nothing}
    </div>`;
  }

  private async _onJoin(): Promise<void> {
    if (this.load.state !== 'ready') return;
    const { preview } = this.load;
    this.load = { state: 'joining', preview };
    try {
      const { notebookId } = await acceptInvite(this.token);
      // A poke rather than a manual sync: a run already in flight may have pulled before the
      // join, and a poke makes the engine run once more after it instead of joining it.
      await getSyncEngine().trigger(Trigger.Poke);
      router.navigate(pathFor(PageName.Notebook, { notebookId }));
    } catch (error) {
      this.load = this._failure(error, 'Joining a notebook');
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-join-page': TlJoinPage;
  }
}
