import { liveQuery, type Subscription } from 'dexie';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import '../components/tl-confirm-dialog';
import type { TlConfirmDialog } from '../components/tl-confirm-dialog';
import '../components/tl-members-dialog';
import type { TlMembersDialog } from '../components/tl-members-dialog';
import '../components/tl-notebook-item';
import { StoreController } from '../controllers/StoreController';
import { getDb, type NotebookRow, type TidelineDB } from '../db/db';
import { listNotebooks } from '../db/queries';
import { Limits } from '../protocol/limits';
import { onlineStore } from '../app/connectivity';
import { localWriteMessage } from '../sync/localWriteMessage';
import { syncStore } from '../app/sync';
import { SyncStatus } from '../sync/SyncEngine';
import { createNotebook, deleteNotebook } from '../sync/mutate';
import { pageStyles } from '../styles/shared';

interface Listing {
  notebooks: NotebookRow[];
  /** Outbox rows per notebook: its own changes and its entries'. */
  pending: Map<string, number>;
}

async function loadListing(db: TidelineDB): Promise<Listing> {
  const notebooks = await listNotebooks(db);
  const pending = new Map<string, number>();
  await Promise.all(
    notebooks.map(async (notebook) => {
      pending.set(notebook.id, await db.outbox.where('notebookId').equals(notebook.id).count());
    }),
  );
  return { notebooks, pending };
}

/**
 * The notebooks on this device, kept current by a Dexie liveQuery (whichever tab, worker or sync
 * wrote), with "New notebook", and rename, delete and members for each. Everything but members
 * works offline: changes are local writes that sync when the server can be reached.
 */
@customElement('tl-notebooks-page')
export class TlNotebooksPage extends LitElement {
  @state() private listing: Listing | undefined;
  @state() private loadError = '';
  @state() private createError = '';
  @state() private actionError = '';
  @state() private announcement = '';
  @query('#new-name') private nameInput!: HTMLInputElement;
  @query('h1') private heading!: HTMLElement;
  @query('tl-confirm-dialog') private confirmDialog!: TlConfirmDialog;
  @query('tl-members-dialog') private membersDialog!: TlMembersDialog;
  private readonly online = new StoreController(this, onlineStore);
  private readonly sync = new StoreController(this, syncStore);
  private subscription: Subscription | undefined;

  static override styles = [
    pageStyles,
    css`
      .create {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem 0.75rem;
      }
      .create .field {
        flex: 1 1 16rem;
      }
      .create label {
        margin-top: 0;
      }
      .error {
        color: var(--tl-danger);
        margin: 0.5rem 0 0;
      }
      .note {
        border-left: 4px solid var(--tl-warn);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0 1.25rem;
      }
      li + li {
        border-top: 1px solid var(--tl-border);
      }
      .list {
        padding: 0.25rem 0;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscription = liveQuery(() => loadListing(getDb())).subscribe({
      next: (listing) => {
        this.listing = listing;
        this.loadError = '';
      },
      error: (error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        this.loadError = `Tideline could not read the notebooks on this device (${detail}). Reload to try again.`;
      },
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  override render() {
    return html`<h1 tabindex="-1">Notebooks</h1>
      ${
        this.online.value
          ? nothing
          : html`<p class="card note" data-testid="offline-note">
              You are offline. Your notebooks are on this device: you can open, create and change
              them, and Tideline sends the changes when you are back online.
            </p>`
      }
      <form class="card create" @submit=${this._onCreate} novalidate>
        <div class="field">
          <label for="new-name">New notebook</label>
          <input
            id="new-name"
            data-shortcut="new"
            name="name"
            placeholder="Name, e.g. Field notes"
            maxlength=${Limits.notebookNameMax}
            autocomplete="off"
            aria-invalid=${this.createError ? 'true' : 'false'}
            aria-describedby=${this.createError ? 'create-error' : nothing}
            @input=${this._onNameInput}
          />
        </div>
        <button type="submit">Create notebook</button>
        ${
          this.createError
            ? html`<p class="error" id="create-error" role="alert">${this.createError}</p>`
            : nothing
        }
      </form>
      ${
        this.actionError
          ? html`<p class="card error" role="alert" data-testid="notebooks-error">
              ${this.actionError}
            </p>`
          : nothing
      }
      ${this._renderList()}
      <p class="visually-hidden" role="status">${this.announcement}</p>
      <tl-members-dialog @tl-left=${this._onLeft}></tl-members-dialog>
      <tl-confirm-dialog></tl-confirm-dialog>`;
  }

  private _renderList() {
    if (this.loadError) return html`<p class="card error" role="alert">${this.loadError}</p>`;
    const listing = this.listing;
    if (!listing) return html`<p class="card muted" role="status">Loading notebooks…</p>`;
    if (listing.notebooks.length === 0) {
      const { status, lastSyncedAt } = this.sync.value;
      const fetching = status === SyncStatus.Syncing && lastSyncedAt === null;
      return html`<div class="card empty" data-testid="notebooks-empty">
        ${
          fetching
            ? html`<p role="status"><strong>Fetching your notebooks…</strong></p>`
            : html`<p><strong>No notebooks yet.</strong></p>
                <p class="muted">
                  Create one above, or open an invite link a teammate sent you. Notebooks are kept
                  on this device, so they open even without a network.
                </p>`
        }
      </div>`;
    }
    return html`<section class="card list" aria-labelledby="list-title">
      <h2 id="list-title" class="visually-hidden">Your notebooks</h2>
      <ul @tl-members-request=${this._onMembers} @tl-delete-request=${this._onDelete}>
        ${listing.notebooks.map(
          (notebook) =>
            html`<li data-notebook-id=${notebook.id}>
              <tl-notebook-item
                .notebook=${notebook}
                .pending=${listing.pending.get(notebook.id) ?? 0}
              ></tl-notebook-item>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private _onNameInput(): void {
    this.createError = '';
  }

  private async _onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = this.nameInput.value;
    try {
      await createNotebook(getDb(), name);
      this.nameInput.value = '';
      this.createError = '';
      this.announcement = `Created ${name.trim()}.`;
    } catch (error) {
      this.createError = localWriteMessage(error);
      this.nameInput.focus();
    }
  }

  private _onMembers(event: CustomEvent<{ notebook: NotebookRow }>): void {
    void this.membersDialog.open(event.detail.notebook);
  }

  private async _onDelete(event: CustomEvent<{ notebook: NotebookRow }>): Promise<void> {
    const { notebook } = event.detail;
    this.actionError = '';
    const confirmed = await this.confirmDialog.ask({
      heading: `Delete “${notebook.name}”?`,
      message:
        'The notebook and all its entries are deleted for everyone who shares it. This cannot be undone.',
      confirmLabel: 'Delete notebook',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await deleteNotebook(getDb(), notebook.id);
      this.announcement = `Deleted ${notebook.name}.`;
      // Its row (and the button that asked) is gone: keep focus on the page.
      this.heading.focus();
    } catch (error) {
      this.actionError = localWriteMessage(error);
    }
  }

  private _onLeft(event: CustomEvent<{ notebookName: string }>): void {
    this.announcement = `You left ${event.detail.notebookName}.`;
    this.heading.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebooks-page': TlNotebooksPage;
  }
}
