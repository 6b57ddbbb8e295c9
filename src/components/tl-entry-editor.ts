import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { getDb, type EntryRow } from '../db/db';
import {
  EMPTY_ENTRY,
  sameFieldValue,
  type EntryField,
  type EntryFields,
  type Location,
} from '../protocol/entry';
import { Limits } from '../protocol/limits';
import { LocalWriteError, LocalWriteErrorCode, QUOTA_MESSAGE, isQuotaError } from '../sync/errors';
import { deleteEntry, putEntry } from '../sync/mutate';
import { partStyles } from '../styles/shared';
import './tl-entry-tags';
import './tl-location-field';
import './tl-track-view';

export interface EntrySavedDetail {
  entryId: string;
  created: boolean;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The field an issue path such as `fields.tags.3` points at, if it is an entry field. */
function fieldOf(path: string): EntryField | undefined {
  const field = path.replace(/^fields\./, '').split('.')[0];
  return (Object.keys(EMPTY_ENTRY) as EntryField[]).find((candidate) => candidate === field);
}

/**
 * Edits one entry — or a new one when `entry` is undefined. Edits are a draft over the stored
 * entry: fields the user has not touched follow the entry live (a teammate's change shows at
 * once), touched ones keep what the user typed. Saving writes locally at once (putEntry) and
 * asks the page's sync to push; the entry is then on screen, marked "not yet synced" until the
 * server acknowledges it. A refused save shows each problem next to its field.
 *
 * @fires entry-saved - `CustomEvent<EntrySavedDetail>` after a save.
 * @fires entry-deleted - after the entry was deleted.
 */
@customElement('tl-entry-editor')
export class TlEntryEditor extends LitElement {
  @property() notebookId = '';
  /** The stored entry; undefined while creating a new one. */
  @property({ attribute: false }) entry: EntryRow | undefined;
  /** The user may read but not change this notebook. */
  @property({ type: Boolean }) readOnly = false;

  @state() private draft: Partial<EntryFields> = {};
  @state() private errors: Partial<Record<EntryField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  @state() private notice = '';
  /**
   * A new entry's id from its first save until the stored entry arrives here (the page moves to
   * the entry's own path, then its live query delivers it). A second submit in between — a
   * double click on "Create entry" — changes that entry rather than creating another one.
   */
  @state() private createdId: string | undefined;
  @query('dialog') private confirmDialog!: HTMLDialogElement;

  static override styles = [
    ...partStyles,
    css`
      textarea {
        min-height: 10rem;
        resize: vertical;
      }
      .row {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        align-items: baseline;
      }
      .count {
        font-size: 0.8rem;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-top: 1rem;
        font-weight: 600;
      }
      .check input {
        width: 1.2rem;
        height: 1.2rem;
      }
      .error {
        color: var(--tl-danger);
        margin: 0.25rem 0 0;
      }
      [aria-invalid='true'] {
        border-color: var(--tl-danger);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        margin-top: 1.25rem;
      }
      .danger {
        background: transparent;
        color: var(--tl-danger);
        border-color: var(--tl-danger);
        margin-left: auto;
      }
      .status {
        font-size: 0.9rem;
      }
      .pending {
        color: var(--tl-warn);
      }
      .synced {
        color: var(--tl-ok);
      }
      dialog {
        border: 1px solid var(--tl-border);
        border-radius: var(--tl-radius);
        background: var(--tl-surface);
        color: var(--tl-text);
        max-width: 28rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 40%);
      }
    `,
  ];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const previous = changed.get('entry') as EntryRow | undefined;
    // Another entry (not a newer copy of this one, and not the first save of a new one): start clean.
    if (changed.has('entry') && previous && previous.id !== this.entry?.id) {
      this.draft = {};
      this.errors = {};
      this.formError = '';
    }
    if (changed.has('entry') && this.entry) this.createdId = undefined;
  }

  /** What the form shows for a field: the user's edit, else the stored value. */
  private _value<F extends EntryField>(field: F): EntryFields[F] {
    if (field in this.draft) return this.draft[field] as EntryFields[F];
    return this.entry ? this.entry[field] : EMPTY_ENTRY[field];
  }

  /** The edits that differ from the stored entry. */
  private _changes(): Partial<EntryFields> {
    const changes: Partial<EntryFields> = {};
    for (const [field, value] of Object.entries(this.draft) as [EntryField, unknown][]) {
      if (!this.entry || !sameFieldValue(field, this.entry[field], value)) {
        Object.assign(changes, { [field]: value });
      }
    }
    return changes;
  }

  private _edit<F extends EntryField>(field: F, value: EntryFields[F]): void {
    this.draft = { ...this.draft, [field]: value };
    this.notice = '';
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  override render() {
    const disabled = this.readOnly || this.saving;
    const title = this._value('title');
    const dirty = Object.keys(this._changes()).length > 0;
    return html`<form class="card" novalidate @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
        ${
          this.formError
            ? html`<p class="error" role="alert" data-testid="save-error">${this.formError}</p>`
            : nothing
        }
        <div class="row">
          <label for="title">Title</label>
          <span class="count muted" aria-hidden="true">${title.length}/${Limits.titleMax}</span>
        </div>
        <input
          id="title"
          .value=${title}
          ?disabled=${disabled}
          aria-invalid=${this.errors.title ? 'true' : 'false'}
          aria-describedby="title-error"
          @input=${(event: InputEvent) => this._edit('title', (event.target as HTMLInputElement).value)}
        />
        ${this._fieldError('title')}
        <label for="body">Text</label>
        <textarea
          id="body"
          .value=${this._value('body')}
          ?disabled=${disabled}
          aria-invalid=${this.errors.body ? 'true' : 'false'}
          aria-describedby="body-error"
          @input=${(event: InputEvent) => this._edit('body', (event.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this._fieldError('body')}
        <tl-entry-tags
          .tags=${this._value('tags')}
          .error=${this.errors.tags ?? ''}
          ?disabled=${disabled}
          @tags-change=${(event: CustomEvent<string[]>) => this._edit('tags', event.detail)}
        ></tl-entry-tags>
        <label class="check">
          <input
            type="checkbox"
            .checked=${this._value('done')}
            ?disabled=${disabled}
            @change=${(event: Event) => this._edit('done', (event.target as HTMLInputElement).checked)}
          />
          Done
        </label>
        <tl-location-field
          .location=${this._value('location')}
          ?disabled=${disabled}
          @location-change=${(event: CustomEvent<Location | null>) => this._edit('location', event.detail)}
        ></tl-location-field>
        ${this._fieldError('location')}
        ${
          this.entry?.track
            ? html`<tl-track-view
                .track=${this.entry.track}
                .name=${this.entry.title || 'Track'}
              ></tl-track-view>`
            : nothing
        }
        ${this.readOnly ? nothing : this._renderActions(dirty)}
      </form>
      ${this._renderConfirm()}`;
  }

  private _fieldError(field: EntryField) {
    const message = this.errors[field];
    return html`<p class="error" id="${field}-error" ?hidden=${!message}>${message ?? ''}</p>`;
  }

  private _renderActions(dirty: boolean) {
    const { entry } = this;
    return html`<div class="actions">
      <button type="submit" ?disabled=${this.saving || (!dirty && (!!entry || !!this.createdId))}>
        ${entry ? 'Save' : 'Create entry'}
      </button>
      <span class="status" role="status" data-testid="entry-sync-state"
        >${this._statusText(dirty)}</span
      >
      ${
        entry
          ? html`<button type="button" class="danger" @click=${this._onAskDelete}>Delete…</button>`
          : nothing
      }
    </div>`;
  }

  private _statusText(dirty: boolean) {
    const { entry } = this;
    if (this.notice) return this.notice;
    if (dirty) return html`<span class="muted">Unsaved changes</span>`;
    if (!entry) return nothing;
    if (entry.pending > 0) {
      return html`<span class="pending">Saved on this device · not yet synced</span>`;
    }
    return html`<span class="synced">Synced</span>
      <span class="muted">· updated ${timeFormat.format(entry.updatedAt)}</span>`;
  }

  private _renderConfirm() {
    return html`<dialog aria-labelledby="confirm-title" @close=${this._onDialogClose}>
      <form method="dialog">
        <h2 id="confirm-title">Delete this entry?</h2>
        <p>“${this._value('title') || 'Untitled'}” is removed for everyone in this notebook.</p>
        <div class="actions">
          <button value="delete" class="danger">Delete entry</button>
          <button value="cancel" class="secondary" autofocus>Cancel</button>
        </div>
      </form>
    </dialog>`;
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') {
      event.preventDefault();
      void this._save();
    }
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._save();
  }

  private async _save(): Promise<void> {
    if (this.readOnly || this.saving) return;
    const changes = this._changes();
    const existingId = this.entry?.id ?? this.createdId;
    if (existingId !== undefined && Object.keys(changes).length === 0) return;
    this.saving = true;
    this.formError = '';
    this.errors = {};
    try {
      const created = existingId === undefined;
      const entryId = await putEntry(getDb(), this.notebookId, existingId, changes);
      if (created) this.createdId = entryId;
      this.draft = {};
      this.notice = '';
      this.dispatchEvent(
        new CustomEvent<EntrySavedDetail>('entry-saved', {
          detail: { entryId, created },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this._showError(error);
    } finally {
      this.saving = false;
    }
  }

  private _showError(error: unknown): void {
    if (isQuotaError(error)) {
      this.formError = `${QUOTA_MESSAGE} Your text is still here.`;
      return;
    }
    if (!(error instanceof LocalWriteError)) {
      this.formError = `Tideline could not save this entry (${error instanceof Error ? error.message : String(error)}). Your text is still here; try again.`;
      return;
    }
    if (error.code !== LocalWriteErrorCode.InvalidArgs || error.issues.length === 0) {
      this.formError = error.message;
      return;
    }
    const errors: Partial<Record<EntryField, string>> = {};
    for (const issue of error.issues) {
      const field = fieldOf(issue.path);
      if (field) errors[field] ??= `${issue.message[0]?.toUpperCase()}${issue.message.slice(1)}.`;
    }
    this.errors = errors;
    this.formError = 'This entry was not saved. Fix the fields marked below, then save again.';
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  }

  private _onAskDelete(): void {
    this.confirmDialog.returnValue = '';
    this.confirmDialog.showModal();
  }

  private async _onDialogClose(): Promise<void> {
    if (this.confirmDialog.returnValue !== 'delete' || !this.entry) return;
    try {
      await deleteEntry(getDb(), this.notebookId, this.entry.id);
      this.dispatchEvent(new CustomEvent('entry-deleted', { bubbles: true, composed: true }));
    } catch (error) {
      this._showError(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-editor': TlEntryEditor;
  }
}
