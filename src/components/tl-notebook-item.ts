import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { getDb, type NotebookRow } from '../db/db';
import { Limits } from '../protocol/limits';
import { Role } from '../protocol/roles';
import { PageName, pathFor } from '../protocol/routes';
import { localWriteMessage } from '../sync/localWriteMessage';
import { renameNotebook } from '../sync/mutate';
import { partStyles } from '../styles/shared';

const ROLE_LABEL: Record<string, string> = {
  [Role.Owner]: 'Owner',
  [Role.Editor]: 'Editor',
  [Role.Viewer]: 'Viewer',
};

export interface NotebookRequestDetail {
  notebook: NotebookRow;
}

/**
 * One notebook in the list: its name (a link to it), the user's role, unread entries and
 * whether changes are waiting to sync; "Members" for everyone, and "Rename" and "Delete" for its
 * owner. Renaming happens in place; deleting is confirmed by the list.
 *
 * @fires tl-members-request - the user asked to see the notebook's members (detail: {notebook})
 * @fires tl-delete-request - the owner asked to delete the notebook (detail: {notebook})
 */
@customElement('tl-notebook-item')
export class TlNotebookItem extends LitElement {
  @property({ attribute: false }) notebook!: NotebookRow;
  /** Changes to this notebook or its entries still in the outbox. */
  @property({ type: Number }) pending = 0;
  @state() private renaming = false;
  @state() private renameError = '';
  @query('#rename-input') private renameInput!: HTMLInputElement;
  @query('.rename-button') private renameButton!: HTMLButtonElement;

  static override styles = [
    ...partStyles,
    css`
      :host {
        padding: 0.75rem 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
      }
      .name {
        min-width: 0;
        overflow-wrap: anywhere;
        font-weight: 600;
        font-size: 1.05rem;
        margin-right: auto;
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
      }
      .badge {
        font-size: 0.8rem;
        font-weight: 700;
        background: var(--tl-accent);
        color: var(--tl-accent-text);
        border-radius: 999px;
        padding: 0.05rem 0.5rem;
      }
      .role,
      .pending {
        font-size: 0.85rem;
        color: var(--tl-muted);
      }
      .pending {
        color: var(--tl-warn);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .actions button {
        padding: 0.25rem 0.8rem;
        font-size: 0.9rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem;
      }
      form .field {
        flex: 1 1 14rem;
      }
      label {
        margin-top: 0;
      }
      .error {
        color: var(--tl-danger);
        margin: 0.5rem 0 0;
      }
    `,
  ];

  override render() {
    const { notebook } = this;
    return this.renaming ? this._renderRename(notebook) : this._renderRow(notebook);
  }

  private _renderRow(notebook: NotebookRow) {
    const owner = notebook.role === Role.Owner;
    const unsynced = this.pending > 0 || notebook.pending > 0 || notebook.version === 0;
    return html`<div class="row">
      <a class="name" href=${pathFor(PageName.Notebook, { notebookId: notebook.id })}>
        <span>${notebook.name}</span>
        ${
          notebook.unread > 0
            ? html`<span class="badge" data-testid="unread">${notebook.unread} new</span>`
            : nothing
        }
      </a>
      <span class="role" data-testid="role">${ROLE_LABEL[notebook.role] ?? notebook.role}</span>
      ${
        unsynced ? html`<span class="pending" data-testid="pending">Not synced yet</span>` : nothing
      }
      <span class="actions">
        <button
          type="button"
          class="secondary"
          aria-label=${`Members of ${notebook.name}`}
          @click=${this._onMembers}
        >
          Members
        </button>
        ${
          owner
            ? html`<button
                  type="button"
                  class="secondary rename-button"
                  aria-label=${`Rename ${notebook.name}`}
                  @click=${this._onStartRename}
                >
                  Rename
                </button>
                <button
                  type="button"
                  class="secondary"
                  aria-label=${`Delete ${notebook.name}`}
                  @click=${this._onDelete}
                >
                  Delete
                </button>`
            : nothing
        }
      </span>
    </div>`;
  }

  private _renderRename(notebook: NotebookRow) {
    return html`<form @submit=${this._onRename} @keydown=${this._onRenameKey} novalidate>
        <div class="field">
          <label for="rename-input">New name for “${notebook.name}”</label>
          <input
            id="rename-input"
            name="name"
            required
            maxlength=${Limits.notebookNameMax}
            .value=${notebook.name}
            aria-invalid=${this.renameError ? 'true' : 'false'}
            aria-describedby=${this.renameError ? 'rename-error' : nothing}
          />
        </div>
        <button type="submit">Save</button>
        <button type="button" class="secondary" @click=${this._onCancelRename}>Cancel</button>
      </form>
      ${
        this.renameError
          ? html`<p class="error" id="rename-error" role="alert">${this.renameError}</p>`
          : nothing
      }`;
  }

  private _request(type: 'tl-members-request' | 'tl-delete-request'): void {
    this.dispatchEvent(
      new CustomEvent<NotebookRequestDetail>(type, {
        detail: { notebook: this.notebook },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private _onMembers(): void {
    this._request('tl-members-request');
  }

  private _onDelete(): void {
    this._request('tl-delete-request');
  }

  private async _onStartRename(): Promise<void> {
    this.renaming = true;
    this.renameError = '';
    await this.updateComplete;
    this.renameInput.focus();
    this.renameInput.select();
  }

  private async _endRename(): Promise<void> {
    this.renaming = false;
    this.renameError = '';
    await this.updateComplete;
    this.renameButton?.focus();
  }

  private _onCancelRename(): void {
    void this._endRename();
  }

  private _onRenameKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      void this._endRename();
    }
  }

  private async _onRename(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = this.renameInput.value;
    if (name.trim() === this.notebook.name) {
      await this._endRename();
      return;
    }
    try {
      await renameNotebook(getDb(), this.notebook.id, name);
      await this._endRename();
    } catch (error) {
      this.renameError = localWriteMessage(error);
      this.renameInput.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebook-item': TlNotebookItem;
  }
  interface HTMLElementEventMap {
    'tl-members-request': CustomEvent<NotebookRequestDetail>;
    'tl-delete-request': CustomEvent<NotebookRequestDetail>;
  }
}
