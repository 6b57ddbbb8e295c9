// The rules for an entry's local row, in one place. A row is an entry's state (the server's
// record, or the local view with pending mutations applied) plus the flags only this device
// keeps: `doneKey` (an index on `done`), `pending`, `unread`, and `base` while anything is
// pending. localView.ts (writes and rebases), applyPullPage.ts (the bulk path of a pull) and
// optimisticEntry.ts (a list's picture before IndexedDB has the write) all build rows here.
import type { EntryRow, EntryState } from '../db/db';
import {
  EMPTY_ENTRY,
  ENTRY_FIELDS,
  type EntryFields,
  type LiveEntryRecord,
} from '../protocol/entry';
import type { MutationArgs } from '../protocol/mutations';
import { authorsAfterWrite } from './entryAuthor';

/** This device's flags on an entry row. */
export interface EntryRowFlags {
  pending: number;
  unread: boolean;
  /** The server state under a pending view; kept on the row only while `pending > 0`. */
  base?: EntryState | null;
}

/** The row that stores `state` under `id` with this device's flags. */
export function entryRow(id: string, state: EntryState, flags: EntryRowFlags): EntryRow {
  const row: EntryRow = {
    ...state,
    id,
    doneKey: state.done ? 1 : 0,
    pending: flags.pending,
    unread: flags.unread,
  };
  if (flags.pending > 0 && flags.base !== undefined) row.base = flags.base;
  return row;
}

/** An entry's state without this device's flags. */
export function entryStateOf(row: EntryRow): EntryState {
  const {
    id: _id,
    doneKey: _doneKey,
    pending: _pending,
    unread: _unread,
    base: _base,
    ...state
  } = row;
  return state;
}

/** The server's state of an entry as this device knows it (null: the server lacks it). */
export function entryBaseOf(row: EntryRow | undefined): EntryState | null {
  if (!row) return null;
  return row.base !== undefined ? row.base : entryStateOf(row);
}

/** An entry's state as the server's pull record gives it. */
export function entryStateFromRecord(record: LiveEntryRecord): EntryState {
  return {
    ...record.fields,
    notebookId: record.notebookId,
    version: record.version,
    fieldVersions: record.fieldVersions,
    ...(record.fieldAuthors && { fieldAuthors: record.fieldAuthors }),
    conflicted: record.conflicted,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    attachments: (record as { attachments?: EntryState['attachments'] }).attachments ?? [],
    deleted: false,
  };
}

/** An entry no server has seen: empty fields, version 0, made at `at` by `by`. */
export function blankEntryState(notebookId: string, at: number, by: string): EntryState {
  return {
    ...EMPTY_ENTRY,
    notebookId,
    version: 0,
    fieldVersions: {},
    conflicted: false,
    createdAt: at,
    updatedAt: at,
    createdBy: by,
    updatedBy: by,
    deleted: false,
  };
}

function changedFields(fields: Partial<EntryFields>): Partial<EntryFields> {
  const out: Partial<EntryFields> = {};
  for (const field of ENTRY_FIELDS) {
    if (fields[field] !== undefined) Object.assign(out, { [field]: fields[field] });
  }
  return out;
}

/** `state` (null: a new entry) after the user `me` puts `put` at `at`. */
export function entryStateAfterPut(
  state: EntryState | null,
  put: MutationArgs<'entry.put'>,
  at: number,
  me: string,
): EntryState {
  const fields = changedFields(put.fields);
  if (!state) return { ...blankEntryState(put.notebookId, at, me), ...fields };
  const { fieldAuthors: _authors, ...rest } = state;
  const fieldAuthors = authorsAfterWrite(state, fields, me);
  return {
    ...rest,
    ...fields,
    ...(fieldAuthors && { fieldAuthors }),
    deleted: false,
    updatedAt: at,
    updatedBy: me,
  };
}
