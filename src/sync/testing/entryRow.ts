// A stored entry row for unit tests: empty fields, version 1, written by 'me', nothing pending;
// the test names what matters to it.
import type { EntryRow } from '../../db/db';
import { EMPTY_ENTRY } from '../../protocol/entry';

export function entryRow(fields: Partial<EntryRow> & Pick<EntryRow, 'id'>): EntryRow {
  return {
    ...EMPTY_ENTRY,
    title: fields.id,
    notebookId: 'notebook',
    version: 1,
    fieldVersions: {},
    conflicted: false,
    createdAt: 0,
    updatedAt: 0,
    createdBy: 'me',
    updatedBy: 'me',
    deleted: false,
    doneKey: 0,
    pending: 0,
    unread: false,
    ...fields,
  };
}
