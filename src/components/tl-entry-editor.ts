import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listMembers } from '../api/membersApi';
import { getDb, type EntryRow } from '../db/db';
import { EMPTY_ENTRY, type EntryField, type EntryFields, type Location } from '../protocol/entry';
import { Limits } from '../protocol/limits';
import { MutationName } from '../protocol/mutations';
import { deleteEntryWithUndo } from '../app/deleteEntryWithUndo';
import { EntryAutosaveController } from '../controllers/EntryAutosaveController';
import { pendingFor } from '../sync/localView';
import type { EntryDraft, TeammateEdit } from './EntryDraft';
import { dueFromInput, renderDueField } from './entryDueField';
import { entrySaveError, type FieldErrors } from './entrySaveError';
import { renderSaveState } from './entrySaveState';
import { entryEditorStyles } from './tl-entry-editor.styles';
import './tl-entry-tags';
import './tl-location-field';
import './tl-teammate-edits';
import './tl-track-view';
import type { TeammateEditAnswer } from './tl-teammate-edits';

export interface EntrySavedDetail {
  entryId: string;
  /** The entry did not exist before this save (a new entry's first save). */
  created: boolean;
  /** The person asked for it (Save, Ctrl+S) rather than it happening as they typed. */
  explicit: boolean;
}

export { AUTOSAVE_IDLE_MS, AUTOSAVE_MAX_MS } from '../controllers/EntryAutosaveController';

/**
 * Edits one entry — or a new one when `entry` is undefined — and saves as the person types:
 * each pause (AUTOSAVE_IDLE_MS, at least every AUTOSAVE_MAX_MS) writes the changed fields to this
 * device through the outbox, merged with the entry's unsent put (coalesceEntryPut.ts), and
 * leaving the editor (a link, Back, hiding the tab) writes what is left, so a reload or a killed
 * tab finds the text. Save (or Ctrl+S) writes at once and says so. The writing itself is
 * EntryAutosaveController's; this element draws the form and says what happened. (Still over
 * 300 lines: what is left is one form whose fields share its errors and focus; split further, a
 * field's label, input and message would sit in different files.)
 *
 * A new entry is nothing until the person types something it would hold: opening the form
 * creates no entry, and the first save with content creates it under an id made here, after
 * which the page moves to the entry's own address.
 *
 * Fields the person has not touched follow the stored entry live. Touched ones keep what they
 * typed, and each put carries the server version they started from (EntryDraft.ts), so the
 * server flags a teammate's change they overwrite; when such a change reaches this device, the
 * editor says so at once with both texts and lets the person keep theirs or take the teammate's.
 *
 * @fires entry-saved - `CustomEvent<EntrySavedDetail>` after a new entry's first save and after
 *   each save the person asked for.
 * @fires entry-deleted - after the entry was deleted.
 */
@customElement('tl-entry-editor')
export class TlEntryEditor extends LitElement {
  @property() notebookId = '';
  /** The stored entry; undefined while creating a new one. */
  @property({ attribute: false }) entry: EntryRow | undefined;
  /** The user may read but not change this notebook. */
  @property({ type: Boolean }) readOnly = false;

  @state() private errors: FieldErrors = {};
  @state() private formError = '';
  @state() private notice = '';
  @state() private names: ReadonlyMap<string, string> = new Map();
  private namesFor = '';
  private readonly autosave = new EntryAutosaveController(this, {
    entry: () => this.entry,
    notebookId: () => this.notebookId,
    readOnly: () => this.readOnly,
    wrote: () => {
      if (Object.keys(this.errors).length > 0 || this.formError) {
        this.errors = {};
        this.formError = '';
      }
    },
    saved: (entryId, created, explicit) => this._saved(entryId, created, explicit),
    nothingToSave: () => (this.notice = 'Nothing to save yet: type a title or some text.'),
    failed: (error, explicit) => this._showError(error, explicit),
  });
  @query('dialog') private confirmDialog!: HTMLDialogElement;

  static override styles = entryEditorStyles;

  /** The draft of the session being edited (EntryAutosaveController's). */
  private get session(): EntryDraft {
    return this.autosave.session;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('entry') && !changed.has('notebookId')) return;
    const id = this.entry?.id;
    let continues: boolean;
    if (changed.has('notebookId') && changed.get('notebookId')) continues = false;
    else if (id !== undefined) continues = id === this.autosave.entryId;
    else continues = this.autosave.startedNew && changed.get('entry') === undefined;
    if (continues) return;
    // Another entry, or the form for a new one: what was typed goes to the one it was typed in.
    void this.autosave.save(false);
    this._startSession(this.entry);
  }

  private _startSession(entry: EntryRow | undefined): void {
    const session = this.autosave.start(entry);
    this.errors = {};
    this.formError = '';
    this.notice = '';
    if (entry && entry.pending > 0) void this._resume(entry, session);
  }

  /** After a reload: edits still in the outbox are this session's too (and their base). */
  private async _resume(entry: EntryRow, session: EntryDraft): Promise<void> {
    const rows = await pendingFor(getDb(), entry.id);
    const puts = rows.filter((row) => row.name === MutationName.EntryPut).map((row) => row.args);
    if (session !== this.session || puts.length === 0) return;
    session.resume(puts, this.entry ?? entry);
    this.requestUpdate();
  }

  /** What the form shows for a field: the person's edit, else the stored value. */
  private _value<F extends EntryField>(field: F): EntryFields[F] {
    if (field in this.session.draft) return this.session.draft[field] as EntryFields[F];
    return this.entry ? this.entry[field] : EMPTY_ENTRY[field];
  }

  private _edit<F extends EntryField>(field: F, value: EntryFields[F]): void {
    this.autosave.edit(field, value);
    this.notice = '';
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.requestUpdate();
  }

  private _saved(entryId: string, created: boolean, explicit: boolean): void {
    this.dispatchEvent(
      new CustomEvent<EntrySavedDetail>('entry-saved', {
        detail: { entryId, created, explicit },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** The person chose between their text and a teammate's. */
  private _onAnswer(event: CustomEvent<TeammateEditAnswer>): void {
    const { edit, keep } = event.detail;
    this.autosave.answer(edit, keep);
  }

  private _teammateEdits(): TeammateEdit[] {
    const edits = this.autosave.teammateEdits();
    if (edits.length > 0 && this.namesFor !== this.notebookId) {
      this.namesFor = this.notebookId;
      void listMembers(this.notebookId).then(
        (members) => (this.names = new Map(members.map((m) => [m.userId, m.name]))),
        () => undefined, // Offline: "A teammate" until the next change brings the names.
      );
    }
    return edits;
  }

  override render() {
    const disabled = this.readOnly;
    const title = this._value('title');
    const dirty = Object.keys(this.session.changes()).length > 0;
    const teammate = this.readOnly ? [] : this._teammateEdits();
    return html`${
        teammate.length > 0
          ? html`<tl-teammate-edits
              .edits=${teammate}
              .names=${this.names}
              @teammate-edit-answer=${this._onAnswer}
            ></tl-teammate-edits>`
          : nothing
      }
      <form class="card" novalidate @submit=${this._onSubmit} @keydown=${this._onKeyDown}>
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
        ${this._renderDue(disabled)}
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

  /** The task's due time: a native date-and-time input, and a way to clear it. */
  private _renderDue(disabled: boolean) {
    return renderDueField({
      due: this._value('due') ?? null,
      disabled,
      invalid: !!this.errors.due,
      error: this._fieldError('due'),
      onChange: (event) => this._onDueChange(event),
      onClear: () => this._onClearDue(),
    });
  }

  private _onDueChange(event: Event): void {
    const input = dueFromInput(event.target as HTMLInputElement);
    // Refused: nothing is written, and the stored due time stays as it was.
    if ('error' in input) this.errors = { ...this.errors, due: input.error };
    else this._edit('due', input.due);
  }

  private _onClearDue(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#due');
    if (input) input.value = '';
    this._edit('due', null);
  }

  private _fieldError(field: EntryField) {
    const message = this.errors[field];
    return html`<p class="error" id="${field}-error" ?hidden=${!message}>${message ?? ''}</p>`;
  }

  private _renderActions(dirty: boolean) {
    const creating = this.autosave.startedNew && !this.autosave.confirmed;
    return html`<div class="actions">
      <button type="submit">${creating ? 'Create entry' : 'Save'}</button>
      <span class="status" role="status" data-testid="entry-sync-state"
        >${renderSaveState({
          entry: this.entry,
          notice: this.notice,
          saving: this.autosave.scheduled || this.autosave.writing > 0,
          dirty,
          failed: !!this.formError,
        })}</span
      >
      ${
        this.entry && !this.autosave.startedNew && Object.keys(this.session.undoable()).length > 0
          ? html`<button type="button" class="secondary" @click=${this._onUndoChanges}>
              Undo changes
            </button>`
          : nothing
      }
      ${
        this.entry
          ? html`<button type="button" class="danger" @click=${this._onAskDelete}>Delete…</button>`
          : nothing
      }
    </div>`;
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
      void this.autosave.save(true);
    }
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.autosave.save(true);
  }

  private _showError(error: unknown, explicit: boolean): void {
    const { formError, errors } = entrySaveError(error);
    this.formError = formError;
    if (!errors) return;
    this.errors = errors;
    if (!explicit) return; // While typing, focus stays where the person is.
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  }

  /** Puts back what the fields held when the person opened the entry: a normal edit. */
  private _onUndoChanges(): void {
    const undo = this.session.undoable();
    for (const field of Object.keys(undo) as EntryField[]) this._edit(field, undo[field] as never);
    void this.autosave.save(true).then(() => {
      this.notice = 'Changes undone.';
    });
  }

  private _onAskDelete(): void {
    this.confirmDialog.returnValue = '';
    this.confirmDialog.showModal();
  }

  private async _onDialogClose(): Promise<void> {
    if (this.confirmDialog.returnValue !== 'delete' || !this.entry) return;
    const { id } = this.entry;
    const notebookId = this.notebookId;
    // What was typed since the last pause goes with the entry; what was written stays in order.
    await this.autosave.discard();
    try {
      await deleteEntryWithUndo(notebookId, id);
      this.dispatchEvent(new CustomEvent('entry-deleted', { bubbles: true, composed: true }));
    } catch (error) {
      this.autosave.keepWriting();
      this._showError(error, true);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-editor': TlEntryEditor;
  }
}
