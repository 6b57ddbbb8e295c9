import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { InviteStatus, type Invite } from '../protocol/notebooks';
import { Role, type GrantableRole } from '../protocol/roles';
import { ServerCallController } from '../controllers/ServerCallController';
import { createInvite, inviteLink, listInvites, revokeInvite } from '../api/membersApi';
import { dialogListStyles, dialogStyles } from '../styles/dialog';
import { partStyles } from '../styles/shared';

const ROLE_LABEL: Record<string, string> = { [Role.Editor]: 'Editor', [Role.Viewer]: 'Viewer' };
const STATUS_LABEL: Record<string, string> = {
  [InviteStatus.Active]: 'Active',
  [InviteStatus.Expired]: 'Expired',
  [InviteStatus.UsedUp]: 'Used up',
  [InviteStatus.Revoked]: 'Revoked',
};

const when = (time: number) => new Date(time).toLocaleString();

/**
 * A notebook's invite links, for its owner (inside the members dialog): make a link for editors
 * or viewers and copy it — the full address, shown only once, since the server keeps just a hash
 * of its token — and see every link's status and uses, revoking the ones still active.
 */
@customElement('tl-invite-links')
export class TlInviteLinks extends LitElement {
  @property() notebookId = '';
  @state() private invites: Invite[] | undefined;
  @state() private created: { link: string; invite: Invite } | undefined;
  @state() private copyStatus = '';
  /** One server call at a time: disables the buttons while it runs, shows its failure. */
  private readonly call = new ServerCallController(this, 'Invite links');
  @query('#invite-link') private linkInput: HTMLInputElement | undefined;
  @query('#invite-links-title') private listHeading!: HTMLElement;

  static override styles = [
    ...partStyles,
    dialogStyles,
    dialogListStyles,
    css`
      .created {
        margin-top: 1rem;
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('notebookId')) {
      this.created = undefined;
      this.invites = undefined;
      if (this.notebookId) void this._load();
    }
  }

  private async _load(): Promise<void> {
    await this.call.run(async () => {
      this.invites = await listInvites(this.notebookId);
    });
  }

  override render() {
    return html`<h3>Invite people</h3>
      <form class="row" @submit=${this._onCreate}>
        <label for="invite-role">They join as</label>
        <select id="invite-role" name="role">
          <option value=${Role.Editor}>Editor — can add and change entries</option>
          <option value=${Role.Viewer}>Viewer — can read entries</option>
        </select>
        <button type="submit" ?disabled=${this.call.busy}>Create invite link</button>
      </form>
      ${this.call.error ? html`<p class="error" role="alert">${this.call.error}</p>` : nothing}
      ${this._renderCreated()}
      <h3 id="invite-links-title" tabindex="-1">Invite links</h3>
      ${this._renderList()}`;
  }

  private _renderCreated() {
    const created = this.created;
    if (!created) return nothing;
    return html`<div class="created" data-testid="invite-created">
      <label for="invite-link">Invite link</label>
      <div class="row">
        <input id="invite-link" readonly .value=${created.link} @focus=${this._onSelectLink} />
        <button type="button" @click=${this._onCopy}>Copy</button>
      </div>
      <p class="muted">
        Anyone with this link can join as ${ROLE_LABEL[created.invite.role]?.toLowerCase()} until
        ${when(created.invite.expiresAt)}, up to ${created.invite.maxUses} people. It is shown only
        now; revoke it below if it reaches the wrong person.
      </p>
      <p role="status">${this.copyStatus}</p>
    </div>`;
  }

  private _renderList() {
    const invites = this.invites;
    if (!invites)
      return this.call.error ? nothing : html`<p role="status">Loading invite links…</p>`;
    if (invites.length === 0) return html`<p class="muted">No invite links yet.</p>`;
    return html`<ul data-testid="invites">
      ${invites.map(
        (invite) =>
          html`<li>
            <span class="item">
              <strong>${ROLE_LABEL[invite.role]} link · ${STATUS_LABEL[invite.status]}</strong>
              <small>
                ${invite.uses} of ${invite.maxUses} used · expires ${when(invite.expiresAt)}
              </small>
            </span>
            ${
              invite.status === InviteStatus.Active
                ? html`<button
                    type="button"
                    class="secondary"
                    ?disabled=${this.call.busy}
                    aria-label=${`Revoke ${invite.role} link created ${when(invite.createdAt)}`}
                    @click=${() => this._onRevoke(invite)}
                  >
                    Revoke
                  </button>`
                : nothing
            }
          </li>`,
      )}
    </ul>`;
  }

  private async _onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const role = new FormData(event.target as HTMLFormElement).get('role') as GrantableRole;
    await this.call.run(async () => {
      const { invite, token } = await createInvite(this.notebookId, role);
      this.created = { link: inviteLink(token), invite };
      this.copyStatus = '';
      this.invites = [invite, ...(this.invites ?? [])];
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
    await this.call.run(async () => {
      await revokeInvite(this.notebookId, invite.id);
      this.invites = await listInvites(this.notebookId);
      if (this.created?.invite.id === invite.id) this.created = undefined;
      // Its Revoke button is gone: keep focus at the list.
      this.listHeading.focus();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-invite-links': TlInviteLinks;
  }
}
