import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeApiError } from '../api/api';
import { fetchTrash } from '../api/entriesApi';
import { getDb, type EntryState } from '../db/db';
import type { TrashItem } from '../protocol/trash';
import { restoreEntry } from '../sync/mutate';
import { OlderPagesController } from '../controllers/OlderPagesController';
import { partStyles } from '../styles/shared';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** What this device shows of a restored entry until the next pull brings the server's. */
function seedOf(item: TrashItem): EntryState {
  return {
    ...item.fields,
    track: null,
    notebookId: item.notebookId,
    version: item.version,
    fieldVersions: {},
    conflicted: false,
    createdAt: item.createdAt,
    updatedAt: item.deletedAt,
    createdBy: '',
    updatedBy: item.deletedBy.id,
    attachments: [],
    deleted: false,
  };
}

/**
 * "Recently deleted": a notebook's deleted entries the server still keeps (its tombstone period),
 * newest first, loaded when the person opens the section. Writers bring one back with Restore —
 * an `entry.restore` local write through the outbox, so teammates see it return on their next
 * sync. Listing needs the server (only it keeps deleted entries' text), and says so offline.
 */
@customElement('tl-trash')
export class TlTrash extends LitElement {
  @property() notebookId = '';
  @property({ type: Boolean }) writable = false;

  private readonly pages = new OlderPagesController<TrashItem>(
    this,
    (error) =>
      `Recently deleted entries are kept on the server and could not be listed: ${describeApiError(error)}`,
  );
  @state() private keepDays: number | undefined;
  @state() private notice = '';
  private loadedFor = '';

  static override styles = [
    ...partStyles,
    css`
      :host {
        display: block;
        margin-top: 1.5rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.75rem 0 0;
      }
      li {
        display: flex;
        gap: 1rem;
        justify-content: space-between;
        align-items: flex-start;
        padding: 0.6rem 0;
        border-top: 1px solid var(--tl-border);
      }
      .text {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .preview,
      .meta {
        margin: 0.2rem 0 0;
        font-size: 0.9rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('notebookId') && this.loadedFor && this.loadedFor !== this.notebookId) {
      this.pages.reset();
      this.loadedFor = '';
    }
  }

  private async _load(more = false): Promise<void> {
    const notebookId = this.notebookId;
    await this.pages.load((before) => fetchTrash(notebookId, before), {
      more,
      accept: (page) => {
        if (notebookId !== this.notebookId) return false;
        this.keepDays = page.keepDays;
        this.loadedFor = notebookId;
        return true;
      },
    });
  }

  private _onToggle(event: Event): void {
    if ((event.target as HTMLDetailsElement).open) {
      this.notice = '';
      void this._load();
    }
  }

  private async _onRestore(item: TrashItem): Promise<void> {
    try {
      await restoreEntry(getDb(), this.notebookId, item.id, { seed: seedOf(item) });
      this.pages.setItems(this.pages.items.filter((other) => other.id !== item.id));
      this.notice = `“${item.fields.title || 'Untitled'}” is back in this notebook.`;
    } catch (error) {
      this.pages.showError(error instanceof Error ? error.message : String(error));
    }
  }

  override render() {
    const { error, loading, items } = this.pages;
    return html`<details class="card" @toggle=${this._onToggle}>
      <summary>Recently deleted</summary>
      ${
        this.keepDays !== undefined
          ? html`<p class="muted" data-testid="trash-period">
              Deleted entries are kept for ${this.keepDays} days, then removed for good.
            </p>`
          : nothing
      }
      <p role="status">${this.notice}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${loading && items.length === 0 ? html`<p class="muted">Loading…</p>` : nothing}
      ${
        !loading && !error && this.loadedFor && items.length === 0
          ? html`<p class="muted" data-testid="trash-empty">Nothing deleted recently.</p>`
          : nothing
      }
      <ul>
        ${items.map(
          (item) =>
            html`<li data-testid="trash-item">
              <div class="text">
                <strong>${item.fields.title || 'Untitled'}</strong>
                ${item.fields.body ? html`<p class="preview">${item.fields.body.slice(0, 140)}</p>` : nothing}
                <p class="meta muted">
                  Deleted by ${item.deletedBy.name} on ${dateFormat.format(item.deletedAt)} · kept
                  until ${dayFormat.format(item.purgeAt)}
                </p>
              </div>
              ${
                this.writable
                  ? html`<button
                      type="button"
                      class="secondary"
                      aria-label="Restore “${item.fields.title || 'Untitled'}”"
                      @click=${() => this._onRestore(item)}
                    >
                      Restore
                    </button>`
                  : nothing
              }
            </li>`,
        )}
      </ul>
      ${this.pages.renderShowOlder(() => void this._load(true))}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-trash': TlTrash;
  }
}
