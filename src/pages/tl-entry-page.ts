import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import '../components/tl-entry-conflict';
import type { ConflictResolvedDetail } from '../components/tl-entry-conflict';
import '../components/tl-entry-editor';
import '../components/tl-entry-history';
import '../components/tl-entry-attachments';
import { loadError } from '../components/loadError';
import type { EntrySavedDetail } from '../components/tl-entry-editor';
import { LiveQueryController } from '../controllers/LiveQueryController';
import { Trigger, getDb } from '../db/db';
import { getEntry } from '../db/queries';
import { canWrite } from '../protocol/roles';
import { router } from '../router/router';
import { pathFor, PageName } from '../protocol/routes';
import { getSyncEngine } from '../app/sync';
import { pageStyles } from '../styles/shared';

/** The entry id in a path that opens the editor on a new, not yet saved, entry. */
export const NEW_ENTRY_ID = 'new';

/**
 * One entry of a notebook: its note or task, tags and location, in an editor that saves on this
 * device first. A conflicted entry shows both versions above the editor.
 */
@customElement('tl-entry-page')
export class TlEntryPage extends LitElement {
  @property() notebookId = '';
  @property() entryId = '';

  @state() private message = '';
  private lookedUp = '';
  /** A new entry whose first save moved the page to its path before the entry is read back. */
  private createdHere = '';

  private readonly data = new LiveQueryController(
    this,
    async () => {
      const db = getDb();
      const notebook = await db.notebooks.get(this.notebookId);
      const entry = this._isNew() ? undefined : await getEntry(db, this.entryId);
      return { notebook: notebook?.deleted ? undefined : notebook, entry };
    },
    () => [this.notebookId, this.entryId],
  );

  static override styles = [
    pageStyles,
    css`
      .back {
        display: inline-block;
        margin-bottom: 0.5rem;
      }
      h1 {
        overflow-wrap: anywhere;
      }
      @media (max-width: 30rem) {
        h1 {
          font-size: 1.35rem;
          margin-bottom: 0.75rem;
        }
        .back {
          margin-bottom: 0.25rem;
        }
      }
      .message {
        color: var(--tl-ok);
      }
    `,
  ];

  /**
   * Where focus starts when the page opens (tl-app asks): a new entry's title, ready to type. An
   * existing entry keeps focus on its heading, which names it, so opening one to read does not
   * pop up a phone's keyboard.
   */
  async initialFocus(): Promise<HTMLElement | null> {
    if (!this._isNew()) return null;
    const editor = this.renderRoot.querySelector('tl-entry-editor');
    if (!editor) return null;
    await editor.updateComplete;
    const title = editor.shadowRoot?.querySelector<HTMLInputElement>('#title');
    return title && !title.disabled ? title : null;
  }

  private _isNew(): boolean {
    return this.entryId === NEW_ENTRY_ID;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new entry's first save moves to its own path; its "Saved" message stays.
    const wasNew = changed.get('entryId') === NEW_ENTRY_ID;
    if ((changed.has('entryId') && !wasNew) || changed.has('notebookId')) this.message = '';
  }

  protected override updated(): void {
    const { value, loading } = this.data;
    // A new entry, once read back, is an entry like any other: if it goes (refused, deleted
    // elsewhere), the page says so instead of showing an empty form.
    if (value?.entry && this.entryId === this.createdHere) this.createdHere = '';
    // Not here yet, but online: it may simply not have been pulled. Ask once per entry.
    const key = `${this.notebookId}/${this.entryId}`;
    if (loading || !value || value.entry || this._isNew() || this.lookedUp === key) return;
    if (this.entryId === this.createdHere) return;
    this.lookedUp = key;
    if (navigator.onLine) void getSyncEngine().trigger(Trigger.Foreground);
  }

  override render() {
    const back = this.notebookId
      ? pathFor(PageName.Notebook, { notebookId: this.notebookId })
      : '/notebooks';
    const { value, loading, error } = this.data;
    if (error) {
      return html`<h1 tabindex="-1">Entry</h1>
        ${loadError('this entry', error)}`;
    }
    if (loading && !value) {
      return html`<h1 tabindex="-1">Entry</h1>
        <p role="status" class="muted">Opening…</p>`;
    }
    const notebook = value?.notebook;
    const entry = value?.entry;
    // Just created here: the editor stays (and keeps focus) until the entry is read back.
    const creating = this._isNew() || this.entryId === this.createdHere;
    if (!notebook || (!entry && !creating)) {
      return html`<h1 tabindex="-1">Entry</h1>
        <div class="card empty" data-testid="entry-missing">
          <p><strong>This entry is not on this device.</strong></p>
          <p class="muted">
            Entry <code>${this.entryId}</code> has not been downloaded here yet, or it was deleted.
          </p>
          <p><a href=${back}>Back to the notebook</a></p>
        </div>`;
    }
    const readOnly = !canWrite(notebook.role);
    return html`<a class="back" href=${back}>← ${notebook.name}</a>
      <h1 tabindex="-1">${entry ? entry.title || 'Untitled' : 'New entry'}</h1>
      ${readOnly ? html`<p class="muted">You can read this notebook but not change it.</p>` : nothing}
      ${this.message ? html`<p class="message" role="status">${this.message}</p>` : nothing}
      ${
        entry?.conflicted
          ? html`<tl-entry-conflict
              .notebookId=${this.notebookId}
              .entry=${entry}
              ?readOnly=${readOnly}
              @conflict-resolved=${this._onResolved}
            ></tl-entry-conflict>`
          : nothing
      }
      <tl-entry-editor
        .notebookId=${this.notebookId}
        .entry=${entry}
        ?readOnly=${readOnly}
        @entry-saved=${this._onSaved}
        @entry-deleted=${this._onDeleted}
      ></tl-entry-editor>
      ${
        entry && entry.version > 0
          ? html`<tl-entry-history
              .notebookId=${this.notebookId}
              .entry=${entry}
              ?readOnly=${readOnly}
            ></tl-entry-history>`
          : nothing
      }
      ${
        entry
          ? html`<tl-entry-attachments
              .notebookId=${this.notebookId}
              .entry=${entry}
              ?readOnly=${readOnly}
            ></tl-entry-attachments>`
          : nothing
      }`;
  }

  private _onSaved(event: CustomEvent<EntrySavedDetail>): void {
    // Saved on the way out (the person left by a link or Back): they are elsewhere now.
    if (!this.isConnected) return;
    if (event.detail.explicit) this.message = 'Saved on this device.';
    if (event.detail.created) {
      this.createdHere = event.detail.entryId;
      const path = pathFor(PageName.Entry, {
        notebookId: this.notebookId,
        entryId: event.detail.entryId,
      });
      // The person may still be typing: the address changes, the screen and focus stay.
      router.navigate(path, { replace: true, keepFocus: true });
    }
  }

  private _onDeleted(): void {
    router.navigate(pathFor(PageName.Notebook, { notebookId: this.notebookId }));
  }

  private _onResolved(event: CustomEvent<ConflictResolvedDetail>): void {
    this.message =
      event.detail.kept === 'current'
        ? 'Conflict settled: this version stays.'
        : 'Conflict settled: the other version is restored as soon as Tideline syncs.';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-page': TlEntryPage;
  }
}
