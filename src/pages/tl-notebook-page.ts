import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '../components/tl-entry-filters';
import '../components/tl-entry-list';
import type { TlEntryList } from '../components/tl-entry-list';
import '../components/tl-entry-progress';
import '../components/tl-entry-transfer';
import '../components/tl-track-recorder';
import '../components/tl-track-transfer';
import { loadError } from '../components/loadError';
import { EntryIdsController } from '../controllers/EntryIdsController';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { Trigger, getDb } from '../db/db';
import type { EntryFilter } from '../db/entryIds';
import { uuidSchema } from '../protocol/ids';
import { canWrite, type Role } from '../protocol/roles';
import { pathFor, PageName } from '../router/routes';
import { needsLargeDownload, startLargeDownload } from '../app/largeDownload';
import { getSyncEngine } from '../app/sync';
import { markNotebookRead } from '../sync/mutate';
import '../components/tl-voice-recorder';
import { pageStyles } from '../styles/shared';
import {
  WorkerJobError,
  countTagsOffPage,
  syncErrorOf,
  type JobProgress,
} from '../workers/syncWorkerClient';

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
 * entries, and export/import. Opening it marks its entries read and refreshes it from the
 * server — through the sync worker when it has never been downloaded here or is far behind.
 */
@customElement('tl-notebook-page')
export class TlNotebookPage extends LitElement {
  @property() notebookId = '';

  @state() private filter: EntryFilter = { order: 'updated' };
  /** A download running in the sync worker, and its latest progress. */
  @state() private downloading = false;
  @state() private progress: JobProgress | undefined;
  /** Why looking the notebook up on the server failed, if it did. */
  @state() private lookupError = '';
  @query('tl-entry-list') private list: TlEntryList | undefined;
  private refreshedFor = '';
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
      paused: this.downloading,
    }),
    { shownRow: (id) => this.list?.shownRow(id), countTags: countTagsOffPage },
  );

  static override styles = [
    pageStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
        margin-bottom: 0.25rem;
      }
      .head h1 {
        margin: 0 auto 0 0;
        overflow-wrap: anywhere;
      }
      .summary {
        margin-bottom: 1rem;
      }
      .error {
        color: var(--tl-danger);
      }
    `,
  ];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('notebookId')) {
      this.filter = filters.get(this.notebookId) ?? { order: 'updated' };
      this.lookupError = '';
    }
  }

  protected override updated(): void {
    const { value, loading } = this.notebook;
    if (loading || !value) return;
    if (this.refreshedFor !== this.notebookId) {
      this.refreshedFor = this.notebookId;
      void this._refresh(
        value.notebook === undefined,
        value.notebook?.version ?? 0,
        value.cursor?.version,
      );
    }
    if (value.notebook && this.readFor !== this.notebookId) {
      this.readFor = this.notebookId;
      // markNotebookRead scans the notebook's entries in a write transaction, which holds up
      // every read of the list meanwhile: only pay for it when something is unread.
      if (value.notebook.unread > 0) {
        void markNotebookRead(getDb(), this.notebookId).catch(() => undefined);
      }
    }
  }

  /**
   * Brings the notebook up to date on opening: through the sync worker when the large-download
   * policy says so (app/largeDownload.ts), otherwise with an ordinary sync of the page's engine.
   */
  private async _refresh(missing: boolean, version: number, cursor: number | undefined) {
    if (!navigator.onLine) return;
    // Not a notebook id at all: nothing on the server could match it.
    if (missing && !uuidSchema.safeParse(this.notebookId).success) return;
    if (!needsLargeDownload(missing, version, cursor)) {
      void getSyncEngine().trigger(Trigger.Foreground);
      return;
    }
    const notebookId = this.notebookId;
    this.downloading = true;
    this.progress = undefined;
    this.lookupError = '';
    const name = this.notebook.value?.notebook?.name;
    const job = startLargeDownload(name ? `Syncing ${name}` : undefined);
    job.addEventListener('progress', () => (this.progress = job.progress));
    try {
      await job.done;
    } catch (error) {
      if (this.notebookId === notebookId) {
        this.lookupError = error instanceof WorkerJobError ? error.message : String(error);
      }
      // The status bar says what happened (offline, signed out…) and the engine retries as for
      // its own failures: back online, its sync hands what is left of the download to the worker.
      void getSyncEngine().reportFailure(syncErrorOf(error));
    } finally {
      this.downloading = false;
      // The worker synced behind the engine's back: reload its counts for the status bar.
      void getSyncEngine().start();
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
      </div>
      <p class="summary muted" data-testid="entry-count">
        ${this._summary()} · ${ROLE_TEXT[notebook.role]}
      </p>
      ${
        writable
          ? html`<tl-voice-recorder .notebookId=${this.notebookId}></tl-voice-recorder>`
          : nothing
      }
      ${
        this.downloading
          ? html`<tl-entry-progress
              label="Downloading this notebook"
              .progress=${this.progress}
            ></tl-entry-progress>`
          : nothing
      }
      ${writable ? html`<tl-track-recorder .notebookId=${this.notebookId}></tl-track-recorder>` : nothing}
      <tl-entry-filters
        .filter=${this.filter}
        .tags=${this.entries.tags ?? []}
        @filters-change=${this._onFiltersChange}
      ></tl-entry-filters>
      ${this._renderEntries(writable)}
      <tl-entry-transfer
        .notebookId=${this.notebookId}
        .notebookName=${notebook.name}
        ?canImport=${writable}
      ></tl-entry-transfer>
      <tl-track-transfer
        .notebookId=${this.notebookId}
        .notebookName=${notebook.name}
        ?canImport=${writable}
      ></tl-track-transfer>`;
  }

  private _filtered(): boolean {
    const { done, tag, text } = this.filter;
    return done !== undefined || !!tag || !!text;
  }

  private _summary(): string {
    const ids = this.entries.ids;
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
      label="Entries"
    ></tl-entry-list>`;
  }

  private _renderMissing() {
    return html`<h1 tabindex="-1">Notebook</h1>
      <div class="card empty" data-testid="notebook-missing">
        <p><strong>This notebook is not on this device.</strong></p>
        <p class="muted">
          Notebook <code>${this.notebookId}</code> has not been downloaded here. Sign in and sync to
          fetch it, or ask its owner for an invite link.
        </p>
        ${
          navigator.onLine
            ? nothing
            : html`<p data-testid="offline-note">
                You are offline: Tideline looks for it on the server once you are back online.
              </p>`
        }
        ${
          this.downloading
            ? html`<tl-entry-progress
                label="Looking for this notebook on the server"
                .progress=${this.progress}
              ></tl-entry-progress>`
            : nothing
        }
        ${this.lookupError ? html`<p class="error" role="alert">${this.lookupError}</p>` : nothing}
        <p><a href="/notebooks">Back to notebooks</a></p>
      </div>`;
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
