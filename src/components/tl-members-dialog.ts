import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { ModalController } from '../controllers/ModalController';
import { StoreController } from '../controllers/StoreController';
import { Trigger, type NotebookRow } from '../db/db';
import { InviteStatus, type Invite, type Member } from '../protocol/notebooks';
import { Role, type GrantableRole } from '../protocol/roles';
import { describeApiError, isOfflineError } from '../state/api';
import * as membersApi from '../state/membersApi';
import { sessionStore } from '../state/session';
import { getSyncEngine } from '../state/sync';
import { dialogStyles } from '../styles/dialog';
import { pageStyles } from '../styles/shared';
import './tl-confirm-dialog';
import type { TlConfirmDialog } from './tl-confirm-dialog';

type Load = 'loading' | 'ready' | 'offline' | 'unsynced' | 'failed';

const ROLE_LABEL: Record<string, string> = {
  [Role.Owner]: 'Owner',
  [Role.Editor]: 'Editor',
  [Role.Viewer]: 'Viewer',
};
const STATUS_LABEL: Record<string, string> = {
  [InviteStatus.Active]: 'Active',
  [InviteStatus.Expired]: 'Expired',
  [InviteStatus.UsedUp]: 'Used up',
  [InviteStatus.Revoked]: 'Revoked',
};

const when = (time: number) => new Date(time).toLocaleString();

/**
 * Who shares a notebook, in a modal dialog: the members and their roles; for the owner, changing
 * a role, removing someone and invite links (create, copy, revoke); for everyone else, leaving.
 * Membership is the server's to decide, so this needs a connection and says so when offline.
 *
 * @fires tl-left - the user left the notebook (detail: {notebookName})
 */
@customElement('tl-members-dialog')
export class TlMembersDialog extends LitElement {
  @state() private notebook: NotebookRow | undefined;
  @state() private load: Load = 'loading';
  @state() private members: Member[] = [];
  @state() private invites: Invite[] = [];
  @state() private error = '';
  @state() private busy = false;
  @state() private created: { link: string; invite: Invite } | undefined;
  @state() private copyStatus = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('h2') private heading!: HTMLElement;
  @query('#invite-link') private linkInput: HTMLInputElement | undefined;
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  private readonly modal = new ModalController(this, () => this.dialog);
  private readonly session = new StoreController(this, sessionStore);

  static override styles = [
    pageStyles,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
      h2:focus {
        outline: none;
      }
      h3 {
        font-size: 1rem;
        margin: 1.25rem 0 0.5rem;
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
        gap: 0.5rem 0.75rem;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--tl-border);
      }
      .person {
        margin-right: auto;
        display: flex;
        flex-direction: column;
      }
      .person small,
      .muted {
        color: var(--tl-muted);
      }
      select {
        width: auto;
      }
      li button,
      .row button {
        padding: 0.25rem 0.8rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .row input {
        flex: 1 1 14rem;
      }
      label {
        margin-top: 0.25rem;
      }
      .created {
        margin-top: 1rem;
      }
    `,
  ];

  /** Opens the dialog for `notebook` and loads its members (and, for its owner, invites). */
  async open(notebook: NotebookRow): Promise<void> {
    this.notebook = notebook;
    this.members = [];
    this.invites = [];
    this.created = undefined;
    this.copyStatus = '';
    this.error = '';
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
      this.invites = this._isOwner ? await membersApi.listInvites(notebook.id) : [];
      this.load = 'ready';
    } catch (error) {
      this.load = isOfflineError(error) ? 'offline' : 'failed';
      this.error = isOfflineError(error) ? '' : describeApiError(error);
    }
  }

  /** Runs one change on the server, showing its failure in plain words. */
  private async _act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await work();
    } catch (error) {
      this.error = isOfflineError(error)
        ? 'That needs a connection. You are offline or the server cannot be reached; try again when you are back online.'
        : describeApiError(error);
    } finally {
      this.busy = false;
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
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </dialog>
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _renderBody() {
    switch (this.load) {
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
      case 'failed':
        return html`<button type="button" @click=${this._load}>Try again</button>`;
      case 'ready':
        return html`<h3>People</h3>
          <ul data-testid="members">
            ${this.members.map((member) => this._renderMember(member))}
          </ul>
          ${
            this._isOwner
              ? this._renderInvites()
              : html`<p>
                  <button
                    type="button"
                    class="secondary"
                    ?disabled=${this.busy}
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
      <span class="person">
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
                ?disabled=${this.busy}
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
                ?disabled=${this.busy}
                aria-label=${`Remove ${member.name}`}
                @click=${() => this._onRemove(member)}
              >
                Remove
              </button>`
          : html`<span data-testid="member-role">${ROLE_LABEL[member.role] ?? member.role}</span>`
      }
    </li>`;
  }

  private _renderInvites() {
    const created = this.created;
    return html`<h3>Invite people</h3>
      <form class="row" @submit=${this._onCreateInvite}>
        <label for="invite-role">They join as</label>
        <select id="invite-role" name="role">
          <option value=${Role.Editor}>Editor — can add and change entries</option>
          <option value=${Role.Viewer}>Viewer — can read entries</option>
        </select>
        <button type="submit" ?disabled=${this.busy}>Create invite link</button>
      </form>
      ${
        created
          ? html`<div class="created" data-testid="invite-created">
              <label for="invite-link">Invite link</label>
              <div class="row">
                <input
                  id="invite-link"
                  readonly
                  .value=${created.link}
                  @focus=${this._onSelectLink}
                />
                <button type="button" @click=${this._onCopy}>Copy</button>
              </div>
              <p class="muted">
                Anyone with this link can join as ${ROLE_LABEL[created.invite.role]?.toLowerCase()}
                until ${when(created.invite.expiresAt)}, up to ${created.invite.maxUses} people. It
                is shown only now; revoke it below if it reaches the wrong person.
              </p>
              <p role="status">${this.copyStatus}</p>
            </div>`
          : nothing
      }
      <h3>Invite links</h3>
      ${
        this.invites.length === 0
          ? html`<p class="muted">No invite links yet.</p>`
          : html`<ul data-testid="invites">
              ${this.invites.map(
                (invite) =>
                  html`<li>
                    <span class="person">
                      <strong
                        >${ROLE_LABEL[invite.role]} link · ${STATUS_LABEL[invite.status]}</strong
                      >
                      <small
                        >${invite.uses} of ${invite.maxUses} used · expires
                        ${when(invite.expiresAt)}</small
                      >
                    </span>
                    ${
                      invite.status === InviteStatus.Active
                        ? html`<button
                            type="button"
                            class="secondary"
                            ?disabled=${this.busy}
                            aria-label=${`Revoke ${invite.role} link created ${when(invite.createdAt)}`}
                            @click=${() => this._onRevoke(invite)}
                          >
                            Revoke
                          </button>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }`;
  }

  private _onClose(): void {
    this.modal.close();
  }

  private _onClosed(): void {
    this.created = undefined;
  }

  private async _onRoleChange(member: Member, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as GrantableRole;
    const notebook = this.notebook;
    if (!notebook) return;
    await this._act(async () => {
      const updated = await membersApi.changeMemberRole(notebook.id, member.userId, role);
      this.members = this.members.map((m) => (m.userId === updated.userId ? updated : m));
    });
    // On failure, show the role the server still has.
    if (this.error) select.value = member.role;
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
    await this._act(async () => {
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
    await this._act(async () => {
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

  private async _onCreateInvite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const notebook = this.notebook;
    if (!notebook) return;
    const role = new FormData(event.target as HTMLFormElement).get('role') as GrantableRole;
    await this._act(async () => {
      const { invite, token } = await membersApi.createInvite(notebook.id, role);
      this.created = { link: membersApi.inviteLink(token), invite };
      this.copyStatus = '';
      this.invites = [invite, ...this.invites];
      await this.updateComplete;
      this.linkInput?.focus();
    });
  }

  private _onSelectLink(): void {
    this.linkInput?.select();
  }

  private async _onCopy(): Promise<void> {
    const link = this.created?.link;
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      this.copyStatus = 'Copied the link to the clipboard.';
    } catch {
      this.linkInput?.focus();
      this.copyStatus =
        'This browser did not allow copying. The link is selected: press Ctrl+C (⌘C on a Mac).';
    }
  }

  private async _onRevoke(invite: Invite): Promise<void> {
    const notebook = this.notebook;
    if (!notebook) return;
    await this._act(async () => {
      await membersApi.revokeInvite(notebook.id, invite.id);
      this.invites = await membersApi.listInvites(notebook.id);
      if (this.created?.invite.id === invite.id) this.created = undefined;
      this.heading.focus();
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
