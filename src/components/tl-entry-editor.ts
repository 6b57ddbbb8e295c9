import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listMembers } from '../api/membersApi';
import { getDb, type EntryRow } from '../db/db';
import { currentUserId } from '../db/meta';
import { EMPTY_ENTRY, type EntryField, type EntryFields, type Location } from '../protocol/entry';
import { Limits } from '../protocol/limits';
import { MutationName, type MutationArgs } from '../protocol/mutations';
import { rebasePendingPuts } from '../sync/coalesceEntryPut';
import { LocalWriteError, LocalWriteErrorCode, QUOTA_MESSAGE, isQuotaError } from '../sync/errors';
import { entryBaseOf, pendingFor } from '../sync/localView';
import { deleteEntry, putEntry, resolveConflict } from '../sync/mutate';
import { uuidv7 } from '../sync/uuid';
import { partStyles } from '../styles/shared';
import { EntryDraft, type TeammateEdit } from './EntryDraft';
import './tl-entry-tags';
import './tl-location-field';
import './tl-track-view';
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

/** Typing pauses this long before the edit is written to this device… */
export const AUTOSAVE_IDLE_MS = 400;
/** …and steady typing is written at least this often. */
export const AUTOSAVE_MAX_MS = 2000;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The field an issue path such as `fields.tags.3` points at, if it is an entry field. */
function fieldOf(path: string): EntryField | undefined {
  const field = path.replace(/^fields\./, '').split('.')[0];
  return (Object.keys(EMPTY_ENTRY) as EntryField[]).find((candidate) => candidate === field);
}

/**
 * Edits one entry — or a new one when `entry` is undefined — and saves as the person types:
 * each pause (AUTOSAVE_IDLE_MS, at least every AUTOSAVE_MAX_MS) writes the changed fields to this
 * device through the outbox, merged with the entry's unsent put (coalesceEntryPut.ts), and
 * leaving the editor (a link, Back, hiding the tab) writes what is left, so a reload or a killed
 * tab finds the text. Save (or Ctrl+S) writes at once and says so.
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

  @state() private session = new EntryDraft(undefined, null);
  @state() private errors: Partial<Record<EntryField, string>> = {};
  @state() private formError = '';
  @state() private notice = '';
  /** Writes queued or running, and whether a pause timer is waiting. */
  @state() private writing = 0;
  @state() private scheduled = false;
  @state() private names: ReadonlyMap<string, string> = new Map();
  private me = '';
  /** The entry this session writes to: the stored one, or a new one's id from its first save. */
  private sessionEntryId: string | undefined;
  private sessionNotebookId = '';
  /** The session began on a new entry: its button says "Create entry" until pressed. */
  private startedNew = true;
  @state() private confirmed = false;
  /** A new entry's first write is on this device. */
  private createdDone = false;
  private conflictedAtStart = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private namesFor = '';
  /** The person deleted the entry: nothing typed in it is written any more. */
  private discarded = false;
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

  override connectedCallback(): void {
    super.connectedCallback();
    void currentUserId(getDb()).then((me) => {
      this.me = me;
      this.requestUpdate();
    });
    document.addEventListener('visibilitychange', this._onHidden);
    window.addEventListener('pagehide', this._onHidden);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this._onHidden);
    window.removeEventListener('pagehide', this._onHidden);
    // Left by a link or Back: what was typed since the last pause is written now.
    void this._save(false);
  }

  private readonly _onHidden = (event: Event): void => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') void this._save(false);
  };

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('entry') && !changed.has('notebookId')) return;
    const id = this.entry?.id;
    let continues: boolean;
    if (changed.has('notebookId') && changed.get('notebookId')) continues = false;
    else if (id !== undefined) continues = id === this.sessionEntryId;
    else continues = this.startedNew && changed.get('entry') === undefined;
    if (continues) return;
    // Another entry, or the form for a new one: what was typed goes to the one it was typed in.
    void this._save(false);
    this._startSession(this.entry);
  }

  private _startSession(entry: EntryRow | undefined): void {
    const session = new EntryDraft(entry, entryBaseOf(entry));
    this.session = session;
    this.sessionEntryId = entry?.id;
    this.sessionNotebookId = this.notebookId;
    this.startedNew = !entry;
    this.confirmed = false;
    this.createdDone = !!entry;
    this.conflictedAtStart = entry?.conflicted ?? false;
    this.discarded = false;
    this.errors = {};
    this.formError = '';
    this.notice = '';
    if (entry && entry.pending > 0) void this._resume(entry, session);
  }

  /** After a reload: edits still in the outbox are this session's too (and their base). */
  private async _resume(entry: EntryRow, session: EntryDraft): Promise<void> {
    const rows = await pendingFor(getDb(), entry.id);
    const puts = rows
      .filter((row) => row.name === MutationName.EntryPut)
      .map((row) => row.args as MutationArgs<'entry.put'>);
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
    const shown = this.entry ? this.entry[field] : EMPTY_ENTRY[field];
    const base = entryBaseOf(this.entry);
    const unanswered = this.session.teammateEdits(base, this.me).length > 0;
    this.session.edit(field, value, shown, unanswered, base);
    this.notice = '';
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.requestUpdate();
    this._schedule();
  }

  private _schedule(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this._save(false), AUTOSAVE_IDLE_MS);
    this.maxTimer ??= setTimeout(() => void this._save(false), AUTOSAVE_MAX_MS);
    this.scheduled = true;
  }

  private _clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.idleTimer = undefined;
    this.maxTimer = undefined;
    this.scheduled = false;
  }

  /**
   * Writes what changed since the last write, after any write still running (one at a time, in
   * order). `explicit`: the person pressed Save — errors take focus and the page says "Saved".
   */
  private _save(explicit: boolean): Promise<void> {
    this._clearTimers();
    if (this.readOnly || this.discarded) return this.chain;
    const session = this.session;
    const changes = session.changes();
    const isNew = this.sessionEntryId === undefined;
    if (Object.keys(changes).length === 0 || (isNew && !session.hasContent())) {
      if (!explicit) return this.chain;
      return this.chain.then(() => {
        if (this.sessionEntryId === undefined) {
          this.notice = 'Nothing to save yet: type a title or some text.';
        } else if (this.createdDone) {
          this.confirmed = true;
          this._saved(this.sessionEntryId, false, true);
        }
      });
    }
    this.sessionEntryId ??= uuidv7();
    const entryId = this.sessionEntryId;
    const notebookId = this.sessionNotebookId || this.notebookId;
    const baseVersion = session.startedAt;
    this.writing += 1;
    this.chain = this.chain.then(async () => {
      const current = session === this.session;
      const creating = current && !this.createdDone;
      try {
        await putEntry(getDb(), notebookId, creating ? undefined : entryId, changes, {
          coalesce: true,
          baseVersion,
          newId: entryId,
        });
        session.wrote(changes);
        if (session !== this.session) return;
        if (Object.keys(this.errors).length > 0 || this.formError) {
          this.errors = {};
          this.formError = '';
        }
        if (creating) this.createdDone = true;
        if (explicit) this.confirmed = true;
        if (creating || explicit) this._saved(entryId, creating, explicit);
      } catch (error) {
        if (session === this.session) this._showError(error, explicit);
      } finally {
        this.writing -= 1;
      }
    });
    return this.chain;
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
    const settled = this.session.answer(edit, keep, entryBaseOf(this.entry), this.me);
    this.requestUpdate();
    void this._save(false);
    const entryId = this.sessionEntryId;
    if (!settled || !entryId) return;
    const { startedAt } = this.session;
    const notebookId = this.sessionNotebookId;
    const conflictedAtStart = this.conflictedAtStart;
    this.chain = this.chain.then(async () => {
      const db = getDb();
      try {
        // They have seen the teammate's change: their unsent edits no longer overwrite it blindly.
        await rebasePendingPuts(db, entryId, startedAt);
        // A conflict the server already flagged for this change is settled by the same choice.
        const stored = await db.entries.get(entryId);
        if (stored?.conflicted && !conflictedAtStart) {
          await resolveConflict(db, notebookId, entryId, 'mine');
        }
      } catch (error) {
        this._showError(error, false);
      }
    });
  }

  private _teammateEdits(): TeammateEdit[] {
    const edits = this.session.teammateEdits(entryBaseOf(this.entry), this.me);
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
    return html`<div class="actions">
      <button type="submit">${this.startedNew && !this.confirmed ? 'Create entry' : 'Save'}</button>
      <span class="status" role="status" data-testid="entry-sync-state"
        >${this._statusText(dirty)}</span
      >
      ${
        this.entry
          ? html`<button type="button" class="danger" @click=${this._onAskDelete}>Delete…</button>`
          : nothing
      }
    </div>`;
  }

  private _statusText(dirty: boolean) {
    const { entry } = this;
    if (this.notice) return this.notice;
    if (this.scheduled || this.writing > 0) return html`<span class="muted">Saving…</span>`;
    if (dirty && (this.formError || !entry)) return html`<span class="muted">Not saved yet</span>`;
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
      void this._save(true);
    }
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this._save(true);
  }

  private _showError(error: unknown, explicit: boolean): void {
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
    if (!explicit) return; // While typing, focus stays where the person is.
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
    const { id } = this.entry;
    // What was typed since the last pause goes with the entry; what was written stays in order.
    this.discarded = true;
    this._clearTimers();
    await this.chain;
    try {
      await deleteEntry(getDb(), this.notebookId, id);
      this.dispatchEvent(new CustomEvent('entry-deleted', { bubbles: true, composed: true }));
    } catch (error) {
      this.discarded = false;
      this._showError(error, true);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-editor': TlEntryEditor;
  }
}
