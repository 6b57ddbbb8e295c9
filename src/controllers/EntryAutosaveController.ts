// Writes the entry editor's edits to this device as the person types, one write at a time.
//
// A session is one entry (or one new entry) from opening to leaving: the draft (EntryDraft.ts),
// the id it writes to, and whether its first write has created the entry. Each edit waits for a
// pause; each write goes to the end of a chain, so writes land in order and a delete waits for
// what was typed before it.
//
//   edit ──▶ pause timer (AUTOSAVE_IDLE_MS, at least every AUTOSAVE_MAX_MS) ──┐
//   Save / leaving / tab hidden / navigating away ──────────────────────────────────────────────┴▶ save ──▶ chain
//
// The element keeps what it shows (errors, notices) and hears back through the delegate.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getDb, type EntryRow } from '../db/db';
import { currentUserId } from '../db/meta';
import { EMPTY_ENTRY, type EntryField, type EntryFields } from '../protocol/entry';
import { rebasePendingPuts } from '../sync/coalesceEntryPut';
import { entryBaseOf } from '../sync/localView';
import { pageIsLeft } from '../sync/leavingPage';
import { putEntry, resolveConflict } from '../sync/mutate';
import { uuidv7 } from '../sync/uuid';
import { EntryDraft, type TeammateEdit } from '../components/EntryDraft';

/** Typing pauses this long before the edit is written to this device… */
export const AUTOSAVE_IDLE_MS = 400;
/** …and steady typing is written at least this often. */
export const AUTOSAVE_MAX_MS = 2000;

export interface EntryAutosaveDelegate {
  /** The stored entry the editor shows; undefined while creating a new one. */
  entry(): EntryRow | undefined;
  notebookId(): string;
  /** Nothing may be written (the person may only read the notebook). */
  readOnly(): boolean;
  /** A write of the current session landed. */
  wrote(): void;
  /** A new entry's first save, or a save the person asked for, is on this device. */
  saved(entryId: string, created: boolean, explicit: boolean): void;
  /** The person asked to save a new entry with nothing in it. */
  nothingToSave(): void;
  failed(error: unknown, explicit: boolean): void;
}

export class EntryAutosaveController implements ReactiveController {
  session = new EntryDraft(undefined, null);
  /** The signed-in user, whose own changes are not a teammate's. */
  me = '';
  /** The entry this session writes to: the stored one, or a new one's id from its first save. */
  entryId: string | undefined;
  /** The session began on a new entry: its button says "Create entry" until pressed. */
  startedNew = true;
  /** The person pressed Save (or Ctrl+S) this session and it was written. */
  confirmed = false;
  /** Writes queued or running, and whether a pause timer is waiting. */
  writing = 0;
  scheduled = false;
  private notebookId = '';
  /** A new entry's first write is on this device. */
  private createdDone = false;
  private conflictedAtStart = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** The person deleted the entry: nothing typed in it is written any more. */
  private discarded = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly delegate: EntryAutosaveDelegate,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void currentUserId(getDb()).then((me) => {
      this.me = me;
      this.host.requestUpdate();
    });
    document.addEventListener('visibilitychange', this._onHidden);
    window.addEventListener('pagehide', this._onHidden);
    window.addEventListener('beforeunload', this._onLeaving);
    window.addEventListener('pageshow', this._onShown);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this._onHidden);
    window.removeEventListener('pagehide', this._onHidden);
    window.removeEventListener('beforeunload', this._onLeaving);
    window.removeEventListener('pageshow', this._onShown);
    // Left by a link or Back: what was typed since the last pause is written now.
    void this.save(false);
  }

  private readonly _onHidden = (event: Event): void => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') void this.save(false);
  };

  /**
   * A navigation away is starting (a link, Back, a typed address): the write starts while the
   * page still runs. At `pagehide` into the back/forward cache no write may start any more
   * (sync/leavingPage.ts), so what was typed in between is written when the page shows again.
   */
  private readonly _onLeaving = (): void => void this.save(false);

  private readonly _onShown = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.save(false);
  };

  /** Starts a session on `entry` (undefined: a new one); returns its draft. */
  start(entry: EntryRow | undefined): EntryDraft {
    this.session = new EntryDraft(entry, entryBaseOf(entry));
    this.entryId = entry?.id;
    this.notebookId = this.delegate.notebookId();
    this.startedNew = !entry;
    this.confirmed = false;
    this.createdDone = !!entry;
    this.conflictedAtStart = entry?.conflicted ?? false;
    this.discarded = false;
    this.host.requestUpdate();
    return this.session;
  }

  /** The person changed a field: it is written after the next pause. */
  edit<F extends EntryField>(field: F, value: EntryFields[F]): void {
    const entry = this.delegate.entry();
    const shown = entry ? entry[field] : EMPTY_ENTRY[field];
    const base = entryBaseOf(entry);
    const unanswered = this.session.teammateEdits(base, this.me).length > 0;
    this.session.edit(field, value, shown, unanswered, base);
    this._schedule();
  }

  /** Teammates' changes to fields the person is editing, not yet answered. */
  teammateEdits(): TeammateEdit[] {
    return this.session.teammateEdits(entryBaseOf(this.delegate.entry()), this.me);
  }

  private _schedule(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.save(false), AUTOSAVE_IDLE_MS);
    this.maxTimer ??= setTimeout(() => void this.save(false), AUTOSAVE_MAX_MS);
    this._set('scheduled', true);
  }

  private _clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.idleTimer = undefined;
    this.maxTimer = undefined;
    this._set('scheduled', false);
  }

  /** Sets shown state, asking the host to render only when it changed. */
  private _set<K extends 'scheduled' | 'writing' | 'confirmed'>(key: K, value: this[K]): void {
    if (this[key] === value) return;
    this[key] = value;
    this.host.requestUpdate();
  }

  /**
   * Writes what changed since the last write, after any write still running (one at a time, in
   * order). `explicit`: the person pressed Save — errors take focus and the page says "Saved".
   */
  save(explicit: boolean): Promise<void> {
    this._clearTimers();
    if (this.delegate.readOnly() || this.discarded) return this.chain;
    const session = this.session;
    const changes = session.changes();
    const isNew = this.entryId === undefined;
    if (Object.keys(changes).length === 0 || (isNew && !session.hasContent())) {
      if (!explicit) return this.chain;
      return this.chain.then(() => {
        if (this.entryId === undefined) {
          this.delegate.nothingToSave();
        } else if (this.createdDone) {
          this._set('confirmed', true);
          this.delegate.saved(this.entryId, false, true);
        }
      });
    }
    this.entryId ??= uuidv7();
    const entryId = this.entryId;
    const notebookId = this.notebookId || this.delegate.notebookId();
    const baseVersion = session.startedAt;
    this._set('writing', this.writing + 1);
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
        this.delegate.wrote();
        if (creating) this.createdDone = true;
        if (explicit) this._set('confirmed', true);
        if (creating || explicit) this.delegate.saved(entryId, creating, explicit);
      } catch (error) {
        // Refused because the page went into the back/forward cache: the edit is still unsaved
        // in the session and is written at `pageshow`.
        if (pageIsLeft()) return;
        if (session === this.session) this.delegate.failed(error, explicit);
      } finally {
        this._set('writing', this.writing - 1);
      }
    });
    return this.chain;
  }

  /** The person chose between their text and a teammate's (`keep`: whose stays). */
  answer(edit: TeammateEdit, keep: 'mine' | 'theirs'): void {
    const settled = this.session.answer(edit, keep, entryBaseOf(this.delegate.entry()), this.me);
    this.host.requestUpdate();
    void this.save(false);
    const entryId = this.entryId;
    if (!settled || !entryId) return;
    const { startedAt } = this.session;
    const notebookId = this.notebookId;
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
        this.delegate.failed(error, false);
      }
    });
  }

  /**
   * The person is deleting the entry: nothing more is written, and this resolves once what was
   * already written has landed. `keepWriting` undoes it if the delete fails.
   */
  async discard(): Promise<void> {
    this.discarded = true;
    this._clearTimers();
    await this.chain;
  }

  keepWriting(): void {
    this.discarded = false;
  }
}
