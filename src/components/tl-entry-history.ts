import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeApiError } from '../api/api';
import { fetchEntryHistoryPage } from '../api/entriesApi';
import { getDb, type EntryRow } from '../db/db';
import {
  ENTRY_FIELDS,
  sameFieldValue,
  type EntryFields,
  type HistoryItem,
} from '../protocol/entry';
import { fieldAuthor } from '../sync/entryAuthor';
import { entryBaseOf } from '../sync/localView';
import { putEntry } from '../sync/mutate';
import { OlderPagesController } from '../controllers/OlderPagesController';
import { partStyles } from '../styles/shared';
import { earlierVersions, type EarlierVersion } from './earlierVersions';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Earlier versions" of an entry: each version it had before a change, with who wrote it, when it
 * was replaced and by whom, and its text, worked out from the history the server keeps
 * (earlierVersions.ts). Loaded when opened, a page at a time. "Restore this version" writes those
 * fields back as an ordinary edit (through the outbox, so it works offline and syncs like any
 * other); the version it replaces joins the history in turn.
 */
@customElement('tl-entry-history')
export class TlEntryHistory extends LitElement {
  @property() notebookId = '';
  @property({ attribute: false }) entry: EntryRow | undefined;
  @property({ type: Boolean }) readOnly = false;

  private readonly pages = new OlderPagesController<HistoryItem>(
    this,
    (error) =>
      `Earlier versions are kept on the server and could not be loaded: ${describeApiError(error)}`,
  );
  @state() private loadedAt: number | undefined;
  @state() private notice = '';
  private open = false;

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
      ol {
        list-style: none;
        padding: 0;
        margin: 0.75rem 0 0;
      }
      li {
        padding: 0.75rem 0;
        border-top: 1px solid var(--tl-border);
        overflow-wrap: anywhere;
      }
      .body {
        white-space: pre-wrap;
        margin: 0.3rem 0;
        max-height: 12rem;
        overflow: auto;
      }
      .meta {
        font-size: 0.9rem;
        margin: 0.2rem 0;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // The server state moved (a save synced, a teammate's change arrived): read the history again.
    const version = entryBaseOf(this.entry)?.version;
    if (changed.has('entry') && this.open && version !== this.loadedAt && !this.pages.loading) {
      void this._load();
    }
  }

  private async _load(more = false): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    await this.pages.load((before) => fetchEntryHistoryPage(this.notebookId, entry.id, before), {
      more,
      accept: () => {
        this.loadedAt = entryBaseOf(entry)?.version;
        return true;
      },
    });
  }

  private _onToggle(event: Event): void {
    this.open = (event.target as HTMLDetailsElement).open;
    if (this.open) {
      this.notice = '';
      void this._load();
    }
  }

  private _versions(): EarlierVersion[] {
    const base = entryBaseOf(this.entry);
    if (!base || this.loadedAt === undefined) return [];
    const fieldAuthors = Object.fromEntries(ENTRY_FIELDS.map((f) => [f, fieldAuthor(base, f)]));
    return earlierVersions(
      { fields: base, fieldVersions: base.fieldVersions, fieldAuthors, createdAt: base.createdAt },
      this.pages.items,
      this.pages.nextBefore === null,
    );
  }

  private async _onRestore(version: EarlierVersion): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    const changes: Partial<EntryFields> = {};
    for (const field of ENTRY_FIELDS) {
      if (!sameFieldValue(field, entry[field], version.fields[field])) {
        Object.assign(changes, { [field]: version.fields[field] });
      }
    }
    if (Object.keys(changes).length === 0) {
      this.notice = 'The entry already reads like that version.';
      return;
    }
    try {
      await putEntry(getDb(), this.notebookId, entry.id, changes);
      this.notice = `The version by ${version.author.name} is restored.`;
    } catch (error) {
      this.pages.showError(error instanceof Error ? error.message : String(error));
    }
  }

  override render() {
    const versions = this._versions();
    const { error, loading, items } = this.pages;
    return html`<details class="card" @toggle=${this._onToggle}>
      <summary>Earlier versions</summary>
      <p role="status">${this.notice}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${loading && items.length === 0 ? html`<p class="muted">Loading…</p>` : nothing}
      ${
        this.loadedAt !== undefined && !loading && versions.length === 0 && !error
          ? html`<p class="muted" data-testid="history-empty">No earlier versions yet.</p>`
          : nothing
      }
      <ol>
        ${versions.map(
          (version) =>
            html`<li data-testid="history-version">
              <strong>${version.fields.title || 'Untitled'}</strong>
              <p class="meta muted">
                By
                ${version.author.name}${
                  version.writtenOn === undefined
                    ? nothing
                    : html` on ${dateFormat.format(version.writtenOn)}`
                }
                · replaced ${dateFormat.format(version.replacedOn)} by ${version.replacedBy.name}
              </p>
              ${version.fields.body ? html`<p class="body">${version.fields.body}</p>` : nothing}
              ${
                version.fields.tags.length > 0
                  ? html`<p class="meta">
                      ${version.fields.tags.map((tag) => `#${tag}`).join(' ')}
                    </p>`
                  : nothing
              }
              ${version.fields.done ? html`<p class="meta">Done</p>` : nothing}
              ${
                this.readOnly
                  ? nothing
                  : html`<button
                      type="button"
                      class="secondary"
                      @click=${() => this._onRestore(version)}
                    >
                      Restore this version
                    </button>`
              }
            </li>`,
        )}
      </ol>
      ${this.pages.renderShowOlder(() => void this._load(true))}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-history': TlEntryHistory;
  }
}
