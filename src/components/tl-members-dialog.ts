import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { describeApiError, isOfflineError } from '../api/api';
import { ServerCallController } from '../controllers/ServerCallController';
import { ModalController } from '../controllers/ModalController';
import { StoreController } from '../controllers/StoreController';
import { Trigger, type NotebookRow } from '../db/db';
import type { Member } from '../protocol/notebooks';
import { Role, type GrantableRole } from '../protocol/roles';
import * as membersApi from '../api/membersApi';
import { sessionStore } from '../app/session';
import { getSyncEngine } from '../app/sync';
import { dialogListStyles, dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';
import './tl-invite-links';

type Load = 'closed' | 'loading' | 'ready' | 'offline' | 'unreachable' | 'unsynced' | 'failed';

const ROLE_LABEL: Record<string, string> = {
  [Role.Owner]: 'Owner',
  [Role.Editor]: 'Editor',
  [Role.Viewer]: 'Viewer',
};

/**
 * Who shares a notebook, in a modal dialog: the members and their roles; for the owner, changing
 * a role, removing someone and invite links (tl-invite-links); for everyone else, leaving.
 * Membership is the server's to decide, so this needs a connection and says so when offline.
 *
 * @fires tl-left - the user left the notebook (detail: {notebookName})
 */
@customElement('tl-members-dialog')
export class TlMembersDialog extends LitElement {
  @state() private notebook: NotebookRow | undefined;
  @state() private load: Load = 'closed';
  @state() private members: Member[] = [];
  /** One server call at a time: disables the buttons while it runs, shows its failure. */
  private readonly call = new ServerCallController(this, 'That');
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('h2') private heading!: HTMLElement;
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  private readonly modal = new ModalController(this, () => this.dialog);
  private readonly session = new StoreController(this, sessionStore);

  static override styles = [
    pageStyles,
    dialogStyles,
    dialogListStyles,
    css`
      :host {
        display: contents;
      }
      h2:focus {
        outline: none;
      }
    `,
  ];

  /** Opens the dialog for `notebook` and loads its members (tl-invite-links loads the links). */
  async open(notebook: NotebookRow): Promise<void> {
    this.notebook = notebook;
    this.members = [];
    this.call.error = '';
    this.load = 'loading';
    await this.modal.open({ focus: () => this.heading });
    await this._load();
  }

  private get _me(): string {
    return this.session.value.user?.userId ?? '';
  }

  private get _isOwner(): boolean {
    const mine = this.members.find((member) => member.userId === this._me);
    return (mine?.role ?? this.notebook?.role) === Role.Owner;
  }

  private async _load(): Promise<void> {
    const notebook = this.notebook;
    if (!notebook) return;
    if (notebook.version === 0) {
      this.load = 'unsynced';
      return;
    }
    this.load = 'loading';
    try {
      this.members = await membersApi.listMembers(notebook.id);
      this.load = 'ready';
    } catch (error) {
      // No answer: offline, or the server down while the browser is online — said apart.
      this.load = isOfflineError(error) ? (navigator.onLine ? 'unreachable' : 'offline') : 'failed';
      this.call.error = isOfflineError(error) ? '' : describeApiError(error);
    }
  }

  override render() {
    const name = this.notebook?.name ?? '';
    return html`<dialog aria-labelledby="members-title" @close=${this._onClosed}>
        <div class="dialog-header">
          <h2 id="members-title" tabindex="-1">Members of “${name}”</h2>
          <button type="button" class="secondary" @click=${this._onClose}>Close</button>
        </div>
        ${this._renderBody()}
        ${this.call.error ? html`<p class="error" role="alert">${this.call.error}</p>` : nothing}
      </dialog>
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _renderBody() {
    switch (this.load) {
      case 'closed':
        return nothing;
      case 'loading':
        return html`<p role="status">Loading members…</p>`;
      case 'unsynced':
        return html`<p>
          This notebook has not reached the server yet. You can see and invite members once it has
          synced.
        </p>`;
      case 'offline':
        return html`<p data-testid="members-offline">
            Members and invite links are kept on the server, so this needs a connection. You are
            offline; try again when you are back online.
          </p>
          <button type="button" @click=${this._load}>Try again</button>`;
      case 'unreachable':
        return html`<p data-testid="members-unreachable">
            Can’t reach the Tideline server. Members and invite links are kept on the server, so
            this needs it to answer; try again in a moment.
          </p>
          <button type="button" @click=${this._load}>Try again</button>`;
      case 'failed':
        return html`<button type="button" @click=${this._load}>Try again</button>`;
      case 'ready':
        return html`<h3>People</h3>
          <ul data-testid="members">
            ${this.members.map((member) => this._renderMember(member))}
          </ul>
          ${
            this._isOwner
              ? html`<tl-invite-links .notebookId=${this.notebook?.id ?? ''}></tl-invite-links>`
              : html`<p>
                  <button
                    type="button"
                    class="secondary"
                    ?disabled=${this.call.busy}
                    @click=${this._onLeave}
                  >
                    Leave this notebook
                  </button>
                </p>`
          }`;
    }
  }

  private _renderMember(member: Member) {
    const you = member.userId === this._me;
    const manageable = this._isOwner && member.role !== Role.Owner;
    return html`<li data-user-id=${member.userId}>
      <span class="item">
        <strong>${member.name}${you ? ' (you)' : ''}</strong>
        <small>${member.email}</small>
      </span>
      ${
        manageable
          ? html`<label class="visually-hidden" for=${`role-${member.userId}`}
                >Role of ${member.name}</label
              >
              <select
                id=${`role-${member.userId}`}
                ?disabled=${this.call.busy}
                @change=${(event: Event) => this._onRoleChange(member, event)}
              >
                <option value=${Role.Editor} ?selected=${member.role === Role.Editor}>
                  Editor
                </option>
                <option value=${Role.Viewer} ?selected=${member.role === Role.Viewer}>
                  Viewer
                </option>
              </select>
              <button
                type="button"
                class="secondary"
                ?disabled=${this.call.busy}
                aria-label=${`Remove ${member.name}`}
                @click=${() => this._onRemove(member)}
              >
                Remove
              </button>`
          : html`<span data-testid="member-role">${ROLE_LABEL[member.role] ?? member.role}</span>`
      }
    </li>`;
  }

  private _onClose(): void {
    this.modal.close();
  }

  /** Forgets what was shown (a new invite link among it) once the dialog is closed. */
  private _onClosed(): void {
    this.load = 'closed';
  }

  private async _onRoleChange(member: Member, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as GrantableRole;
    const notebook = this.notebook;
    if (!notebook) return;
    await this.call.run(async () => {
      const updated = await membersApi.changeMemberRole(notebook.id, member.userId, role);
      this.members = this.members.map((m) => (m.userId === updated.userId ? updated : m));
    });
    // On failure, show the role the server still has.
    if (this.call.error) select.value = member.role;
  }

  private async _onRemove(member: Member): Promise<void> {
    const notebook = this.notebook;
    if (!notebook) return;
    const confirmed = await this.confirmDialog.ask({
      heading: `Remove ${member.name}?`,
      message: `${member.name} loses access to “${notebook.name}” on all their devices. You can invite them again later.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!confirmed) return;
    await this.call.run(async () => {
      await membersApi.removeMember(notebook.id, member.userId);
      this.members = this.members.filter((m) => m.userId !== member.userId);
      this.heading.focus();
    });
  }

  private async _onLeave(): Promise<void> {
    const notebook = this.notebook;
    if (!notebook) return;
    const confirmed = await this.confirmDialog.ask({
      heading: `Leave “${notebook.name}”?`,
      message:
        'It disappears from all your devices, with any of your changes to it that have not synced. Its owner can invite you again.',
      confirmLabel: 'Leave notebook',
      danger: true,
    });
    if (!confirmed) return;
    await this.call.run(async () => {
      await membersApi.removeMember(notebook.id, this._me);
      this.modal.close();
      this.dispatchEvent(
        new CustomEvent('tl-left', {
          detail: { notebookName: notebook.name },
          bubbles: true,
          composed: true,
        }),
      );
      // The next pull takes the notebook off this device.
      void getSyncEngine().trigger(Trigger.Poke);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-members-dialog': TlMembersDialog;
  }
  interface HTMLElementEventMap {
    'tl-left': CustomEvent<{ notebookName: string }>;
  }
}
