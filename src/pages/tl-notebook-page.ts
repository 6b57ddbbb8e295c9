import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '../components/tl-entry-filters';
import '../components/tl-entry-list';
import type { TlEntryList } from '../components/tl-entry-list';
import '../components/tl-entry-progress';
import '../components/tl-entry-transfer';
import '../components/tl-notebook-files';
import '../components/tl-track-recorder';
import '../components/tl-track-transfer';
import '../components/tl-trash';
import { loadError } from '../components/loadError';
import { EntryIdsController } from '../controllers/EntryIdsController';
import { LiveQueryController } from '../controllers/LiveQueryController';
import {
  NotebookLookup,
  NotebookRefreshController,
} from '../controllers/NotebookRefreshController';
import { StoreController } from '../controllers/StoreController';
import { getDb } from '../db/db';
import type { EntryFilter } from '../db/entryIds';
import { canWrite, type Role } from '../protocol/roles';
import { pathFor, PageName } from '../protocol/routes';
import { onlineStore } from '../app/connectivity';
import { markNotebookRead } from '../sync/mutate';
import '../components/tl-voice-recorder';
import { countTagsOffPage } from '../workers/syncWorkerClient';
import { notebookPageStyles } from './tl-notebook-page.styles';

const ROLE_TEXT: Record<Role, string> = {
  owner: 'You own this notebook',
  editor: 'You can edit',
  viewer: 'Read only',
};
const count = new Intl.NumberFormat();

/** Each notebook's filters while the app is open, so coming back from an entry keeps them. */
const filters = new Map<string, EntryFilter>();

/**
 * One notebook and its entries: a live, virtualized list with search and filters, a way to add
 * entries, and export/import behind the "Export, import" button beside "New entry". Opening it
 * marks its entries read and refreshes it from the server — through the sync worker when it has
 * never been downloaded here or is far behind (NotebookRefreshController).
 */
@customElement('tl-notebook-page')
export class TlNotebookPage extends LitElement {
  @property() notebookId = '';

  @state() private filter: EntryFilter = { order: 'updated' };
  /** The notebook's menu (export and import) is open. */
  @state() private menuOpen = false;
  private readonly online = new StoreController(this, onlineStore);
  private readonly refresh = new NotebookRefreshController(this, () => this.notebookId);
  @query('tl-entry-list') private list: TlEntryList | undefined;
  private readFor = '';

  private readonly notebook = new LiveQueryController(
    this,
    async () => {
      const db = getDb();
      const [notebook, cursor] = await Promise.all([
        db.notebooks.get(this.notebookId),
        db.cursors.get(this.notebookId),
      ]);
      return { notebook: notebook?.deleted ? undefined : notebook, cursor };
    },
    () => [this.notebookId],
  );

  // The list's ids and the tag counts read up to 100,000 index keys: read in full when the
  // notebook or the filter changes, and after a write patched by the entries it changed (see
  // EntryIdsController). While the sync worker downloads the notebook they wait: re-reading every
  // key after each page it stores would hold its write transactions back (IndexedDB lets a write
  // start only after the reads on its store finish), so the list loads once, when it is done.
  // This page's own writes are placed in the ids at once, from the rows the list holds, and the
  // list draws them until its reads hold them (see EntryIdsController, TlEntryList).
  private readonly entries = new EntryIdsController(
    this,
    () => ({
      db: getDb(),
      notebookId: this.notebookId,
      filter: this.filter,
      paused: this.refresh.downloading,
    }),
    { shownRow: (id) => this.list?.shownRow(id), countTags: countTagsOffPage },
  );

  static override styles = notebookPageStyles;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('notebookId')) {
      this.menuOpen = false;
      this.filter = filters.get(this.notebookId) ?? { order: 'updated' };
      this.refresh.reset();
    }
  }

  protected override updated(): void {
    const { value, loading } = this.notebook;
    if (loading || !value) return;
    this.refresh.check(
      {
        version: value.notebook?.version,
        name: value.notebook?.name,
        cursor: value.cursor?.version,
      },
      this.online.value,
    );
    if (value.notebook && this.readFor !== this.notebookId) {
      this.readFor = this.notebookId;
      // markNotebookRead scans the notebook's entries in a write transaction, which holds up
      // every read of the list meanwhile: only pay for it when something is unread.
      if (value.notebook.unread > 0) {
        void markNotebookRead(getDb(), this.notebookId).catch(() => undefined);
      }
    }
  }

  override render() {
    const { value, loading, error } = this.notebook;
    if (error) {
      return html`<h1 tabindex="-1">Notebook</h1>
        ${loadError('this notebook', error)}`;
    }
    if (loading && !value) {
      return html`<h1 tabindex="-1">Notebook</h1>
        <p role="status" class="muted">Opening…</p>`;
    }
    const notebook = value?.notebook;
    if (!notebook) return this._renderMissing();
    const writable = canWrite(notebook.role);
    return html`<div class="head">
        <h1 tabindex="-1">${notebook.name}</h1>
        <div class="actions">
          ${
            writable
              ? html`<a
                  class="button"
                  data-shortcut="new"
                  href=${pathFor(PageName.Entry, { notebookId: this.notebookId, entryId: 'new' })}
                  >New entry</a
                >`
              : nothing
          }
          <button
            type="button"
            class="secondary menu"
            aria-expanded=${this.menuOpen ? 'true' : 'false'}
            aria-controls="notebook-menu"
            @click=${this._onToggleMenu}
          >
            Export, import
          </button>
        </div>
      </div>
      <p class="summary muted" data-testid="entry-count">
        ${this._summary()} · ${ROLE_TEXT[notebook.role]}
      </p>
      <div id="notebook-menu" class="menu-panel" ?hidden=${!this.menuOpen}>
        <tl-entry-transfer
          .notebookId=${this.notebookId}
          .notebookName=${notebook.name}
          ?canImport=${writable}
        ></tl-entry-transfer>
        <tl-track-transfer
          .notebookId=${this.notebookId}
          .notebookName=${notebook.name}
          ?canImport=${writable}
        ></tl-track-transfer>
      </div>
      ${
        writable
          ? html`<div class="recorders">
              <tl-voice-recorder .notebookId=${this.notebookId}></tl-voice-recorder>
              <tl-track-recorder .notebookId=${this.notebookId}></tl-track-recorder>
            </div>`
          : nothing
      }
      ${this.refresh.downloading ? this._renderProgress() : nothing}
      <tl-entry-filters
        .filter=${this.filter}
        .tags=${this.entries.tags ?? []}
        @filters-change=${this._onFiltersChange}
      ></tl-entry-filters>
      ${this._renderEntries(writable)}
      <tl-notebook-files .notebookId=${this.notebookId}></tl-notebook-files>
      <tl-trash .notebookId=${this.notebookId} ?writable=${writable}></tl-trash>`;
  }

  private _filtered(): boolean {
    const { done, tag, text, due } = this.filter;
    return done !== undefined || !!tag || !!text || !!due;
  }

  private _summary(): string {
    const ids = this.entries.ids;
    // The list loads once, when the download ends: until then it would count nothing.
    if (this.refresh.downloading) return 'Downloading…';
    if (!ids) return 'Loading entries…';
    // The previous result stays listed while a new filter runs; say so rather than miscount.
    if (this.entries.loading) return this.filter.text ? 'Searching…' : 'Updating…';
    const n = ids.length;
    const noun = n === 1 ? 'entry' : 'entries';
    return this._filtered() ? `${count.format(n)} matching ${noun}` : `${count.format(n)} ${noun}`;
  }

  private _renderEntries(writable: boolean) {
    const ids = this.entries.ids;
    if (this.entries.error) return loadError('the entries', this.entries.error);
    if (!ids) return html`<p class="muted" role="status">Loading entries…</p>`;
    // Empty so far, and a read (the first after a download) still running: not "no entries" yet.
    if (ids.length === 0 && this.entries.loading) {
      return html`<p class="muted" role="status">Loading entries…</p>`;
    }
    if (ids.length === 0 && this.refresh.downloading) {
      return html`<p class="muted" data-testid="entries-downloading">
        The entries appear here as soon as the download ends.
      </p>`;
    }
    if (ids.length === 0) {
      return this._filtered()
        ? html`<div class="card empty" data-testid="entries-none-match">
            <p><strong>No entries match these filters.</strong></p>
            <p>
              <button type="button" class="secondary" @click=${this._onClearFilters}>
                Show all entries
              </button>
            </p>
          </div>`
        : html`<div class="card empty" data-testid="entries-empty">
            <p><strong>No entries yet.</strong></p>
            <p class="muted">
              ${writable ? 'Add the first one with “New entry”.' : 'Entries your team adds appear here.'}
            </p>
          </div>`;
    }
    return html`<tl-entry-list
      .ids=${ids}
      .writes=${this.entries.writes}
      .notebookId=${this.notebookId}
      ?readOnly=${!writable}
      label="Entries"
    ></tl-entry-list>`;
  }

  /**
   * A notebook not (yet) on this device. Said as it is: being fetched (with the download's
   * progress), waiting for the network, or not found on the server for this account.
   */
  private _renderMissing() {
    const progress = this.refresh.downloading ? this._renderProgress() : nothing;
    let message;
    if (this.refresh.error) {
      message = html`<p><strong>This notebook could not be downloaded.</strong></p>
        <p class="error" role="alert">${this.refresh.error}</p>`;
    } else if (!this.online.value) {
      message = html`<p><strong>This notebook is not on this device yet.</strong></p>
        <p data-testid="offline-note">
          You are offline: Tideline downloads it as soon as you are back online.
        </p>`;
    } else if (this.refresh.lookup === NotebookLookup.Done) {
      message = html`<p><strong>This notebook is not shared with you.</strong></p>
        <p class="muted">
          It may have been deleted, or you were removed from it. Ask its owner for an invite link.
        </p>`;
    } else {
      message = html`<p role="status"><strong>Getting this notebook from the server…</strong></p>`;
    }
    return html`<h1 tabindex="-1">Notebook</h1>
      <div class="card empty" data-testid="notebook-missing">
        ${message} ${progress}
        <p><a href="/notebooks">Back to notebooks</a></p>
      </div>`;
  }

  private _renderProgress() {
    return html`<tl-entry-progress
      label="Downloading this notebook"
      .progress=${this.refresh.progress}
    ></tl-entry-progress>`;
  }

  private _onToggleMenu(): void {
    this.menuOpen = !this.menuOpen;
  }

  private _onFiltersChange(event: CustomEvent<EntryFilter>): void {
    this._setFilter(event.detail);
  }

  private _onClearFilters(): void {
    this._setFilter({ order: this.filter.order });
  }

  private _setFilter(filter: EntryFilter): void {
    this.filter = filter;
    filters.set(this.notebookId, filter);
    this.list?.scrollToTop();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebook-page': TlNotebookPage;
  }
}
