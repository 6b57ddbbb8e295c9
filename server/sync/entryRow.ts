// Converts between an `entries` row and the protocol's entry record and fields.
import type { Selectable } from 'kysely';
import { ENTRY_FIELDS, type EntryFields, type EntryRecord } from '../../src/protocol/entry.js';
import type { AttachmentRecord } from '../../src/protocol/attachments.js';
import type { EntriesTable } from '../db/schema.js';

export type EntryRow = Selectable<EntriesTable>;

export function rowFields(row: EntryRow): EntryFields {
  return {
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    done: Number(row.done) === 1,
    location: row.location === null ? null : (JSON.parse(row.location) as EntryFields['location']),
    track: row.track === null ? null : (JSON.parse(row.track) as EntryFields['track']),
    due: row.due_at === null ? null : Number(row.due_at),
  };
}

/** The columns that store each field. */
export function fieldColumns(fields: Partial<EntryFields>): Partial<EntriesTable> {
  const columns: Partial<EntriesTable> = {};
  if (fields.title !== undefined) columns.title = fields.title;
  if (fields.body !== undefined) columns.body = fields.body;
  if (fields.tags !== undefined) columns.tags = JSON.stringify(fields.tags);
  if (fields.done !== undefined) columns.done = fields.done ? 1 : 0;
  if (fields.location !== undefined) {
    columns.location = fields.location === null ? null : JSON.stringify(fields.location);
  }
  if (fields.track !== undefined) {
    columns.track = fields.track === null ? null : JSON.stringify(fields.track);
  }
  if (fields.due !== undefined) columns.due_at = fields.due;
  return columns;
}

/** The entry's record; a live entry carries its attachments (none when not given). */
export function toRecord(row: EntryRow, attachments: AttachmentRecord[] = []): EntryRecord {
  const version = Number(row.version);
  if (Number(row.deleted) === 1) {
    return { id: row.id, notebookId: row.notebook_id, deleted: true, version };
  }
  const fieldVersions = JSON.parse(row.field_versions) as Record<string, number>;
  // Only the authors that differ from updated_by travel (usually none): a first download of a
  // large notebook should not carry five user ids per entry.
  const authors = JSON.parse(row.field_authors) as Record<string, string>;
  const others = ENTRY_FIELDS.filter(
    (field) => (authors[field] ?? row.updated_by) !== row.updated_by,
  );
  return {
    id: row.id,
    notebookId: row.notebook_id,
    deleted: false,
    version,
    fields: rowFields(row),
    fieldVersions: Object.fromEntries(
      ENTRY_FIELDS.map((field) => [field, fieldVersions[field] ?? 0]),
    ),
    ...(others.length > 0 && {
      fieldAuthors: Object.fromEntries(others.map((field) => [field, authors[field]!])),
    }),
    conflicted: Number(row.conflicted) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    attachments,
  };
}
