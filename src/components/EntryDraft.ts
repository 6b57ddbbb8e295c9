// What the entry editor holds between the person's keystrokes and the local database: the
// fields they touched, what was last written of each, and the server version they started from.
//
// The editor saves as the person types, so the draft is never the only copy for long; what it
// adds is the person's point of view. `startedAt` is the server version the person's edits
// start from, sent as each put's `baseVersion` so the server flags a teammate's change made
// after it. It is fixed while a teammate's change to a touched field is unanswered (that change
// is then reported exactly once, by the first put after it), and moves to the version on screen
// only when nothing is unanswered: when the person touches a field (they see its current value)
// and when they answer a change (keep theirs or take the teammate's).
//
//   edit ──▶ draft[field] ──save──▶ written[field]        (changes = draft ≠ written)
//   pull ──▶ teammateEdits(): touched field, newer than startedAt/answered, by someone else
import type { EntryState } from '../db/db';
import { EMPTY_ENTRY, type EntryField, type EntryFields } from '../protocol/entry';
import { fieldAuthor } from '../sync/entryAuthor';

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A teammate's change to a field the person is editing, not yet answered. */
export interface TeammateEdit {
  field: EntryField;
  /** The teammate's value (the server's) and the person's draft. */
  theirs: unknown;
  mine: unknown;
  /** The teammate's user id. */
  by: string;
  /** The version at which the teammate wrote it. */
  version: number;
}

export class EntryDraft {
  /** Fields the person touched this session, as they are on screen. */
  draft: Partial<EntryFields> = {};
  /** Per touched field, the value last written to this device (or the value it started from). */
  written: Partial<EntryFields> = {};
  /** The server version the person's edits start from (each put's baseVersion). */
  startedAt = 0;
  /** Per field, the newest teammate version the person has answered. */
  private answered: Partial<Record<EntryField, number>> = {};

  constructor(
    /** The stored entry's view when the session starts (undefined: a new entry). */
    entry: EntryFields | undefined,
    /** The server state under it (entryBaseOf), for its version. */
    base: EntryState | null,
  ) {
    this.startedAt = base?.version ?? 0;
    this.origin = entry ? { ...entry } : { ...EMPTY_ENTRY };
  }

  private origin: EntryFields;

  /** Picks up, after a reload, edits still waiting in the outbox from an earlier session. */
  resume(pending: { fields: Partial<EntryFields>; baseVersion: number }[], view: EntryFields) {
    for (const put of pending) {
      this.startedAt = Math.min(this.startedAt, put.baseVersion);
      for (const field of Object.keys(put.fields) as EntryField[]) {
        if (field in this.draft) continue;
        Object.assign(this.draft, { [field]: view[field] });
        Object.assign(this.written, { [field]: view[field] });
      }
    }
  }

  /** The person changed `field`; `shown` is its stored value, `base` the server state now. */
  edit<F extends EntryField>(
    field: F,
    value: EntryFields[F],
    shown: EntryFields[F],
    unanswered: boolean,
    base: EntryState | null,
  ): void {
    if (!(field in this.draft)) {
      Object.assign(this.written, { [field]: shown });
      // They see the field as it is now: nothing before this version is news to them.
      if (!unanswered && base) this.startedAt = Math.max(this.startedAt, base.version);
    }
    this.draft = { ...this.draft, [field]: value };
  }

  /** The fields to write: touched ones that differ from what was last written. */
  changes(): Partial<EntryFields> {
    const changes: Partial<EntryFields> = {};
    for (const [field, value] of Object.entries(this.draft) as [EntryField, unknown][]) {
      const before = field in this.written ? this.written[field] : this.origin[field];
      if (!sameValue(before, value)) Object.assign(changes, { [field]: value });
    }
    return changes;
  }

  /** The touched fields the person changed from what they were when the session began, with
   *  those earlier values: what "Undo changes" writes back. */
  undoable(): Partial<EntryFields> {
    const undo: Partial<EntryFields> = {};
    for (const [field, value] of Object.entries(this.draft) as [EntryField, unknown][]) {
      if (!sameValue(this.origin[field], value))
        Object.assign(undo, { [field]: this.origin[field] });
    }
    return undo;
  }

  /** A write of `fields` is on this device. */
  wrote(fields: Partial<EntryFields>): void {
    this.written = { ...this.written, ...fields };
  }

  /** Whether the person has typed anything a new entry would hold (no empty entries). */
  hasContent(): boolean {
    return (Object.keys(this.draft) as EntryField[]).some(
      (field) => !sameValue(this.draft[field], EMPTY_ENTRY[field]),
    );
  }

  /** Teammates' changes to touched fields since the person started, not yet answered. */
  teammateEdits(base: EntryState | null, me: string): TeammateEdit[] {
    if (!base || !me) return [];
    const edits: TeammateEdit[] = [];
    for (const field of Object.keys(this.draft) as EntryField[]) {
      const version = base.fieldVersions[field] ?? 0;
      const by = fieldAuthor(base, field);
      if (version <= Math.max(this.startedAt, this.answered[field] ?? 0)) continue;
      if (by === me || by === '' || sameValue(base[field], this.draft[field])) continue;
      edits.push({ field, theirs: base[field], mine: this.draft[field], by, version });
    }
    return edits;
  }

  /**
   * The person answered `edit`: keep their text, or take the teammate's. Either way the field
   * is written again (their text over the teammate's, or the teammate's over their pending one).
   * Returns whether every teammate change is now answered, when the base moves to `base`.
   */
  answer(edit: TeammateEdit, keep: 'mine' | 'theirs', base: EntryState | null, me: string) {
    this.answered = { ...this.answered, [edit.field]: edit.version };
    if (keep === 'theirs') this.draft = { ...this.draft, [edit.field]: edit.theirs };
    Object.assign(this.written, { [edit.field]: keep === 'mine' ? edit.theirs : edit.mine });
    const settled = this.teammateEdits(base, me).length === 0;
    if (settled && base) this.startedAt = Math.max(this.startedAt, base.version);
    return settled;
  }
}
