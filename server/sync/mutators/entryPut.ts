// `entry.put`: creates an entry or changes some of its fields. Last arrival wins, but nothing is
// lost: every overwritten value goes to the entry's history, and when someone else changed the
// field after the writer's `baseVersion` the overwrite is a conflict and the entry is marked
// conflicted so its people can compare and restore. A put on a deleted entry brings it back
// with the writer's changes (a deletion never silently swallows an edit).
import {
  EMPTY_ENTRY,
  ENTRY_FIELDS,
  sameFieldValue,
  type EntryFields,
} from '../../../src/protocol/entry.js';
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import { fieldColumns, rowFields } from '../entryRow.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';

export async function entryPut(
  context: MutationContext,
  args: MutationArgs<'entry.put'>,
): Promise<MutationEffect | undefined> {
  const { batch } = context;
  const { userId, now, writtenAt } = batch;
  await writableNotebook(context, args.notebookId);
  const existing = await batch.entry(args.id);
  if (existing && existing.notebook_id !== args.notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${args.id} belongs to another notebook`,
    );
  }

  if (!existing) {
    const version = await batch.takeVersion(args.notebookId);
    const fields: EntryFields = { ...EMPTY_ENTRY, ...args.fields };
    batch.save({
      id: args.id,
      notebook_id: args.notebookId,
      version,
      deleted: 0,
      title: fields.title,
      body: fields.body,
      tags: JSON.stringify(fields.tags),
      done: fields.done ? 1 : 0,
      location: fields.location === null ? null : JSON.stringify(fields.location),
      track: fields.track === null ? null : JSON.stringify(fields.track),
      due_at: fields.due,
      field_versions: JSON.stringify(Object.fromEntries(ENTRY_FIELDS.map((f) => [f, version]))),
      field_authors: JSON.stringify(Object.fromEntries(ENTRY_FIELDS.map((f) => [f, userId]))),
      conflicted: 0,
      created_by: userId,
      updated_by: userId,
      created_at: writtenAt,
      updated_at: writtenAt,
    });
    return { notebookId: args.notebookId, version };
  }

  const current = rowFields(existing);
  const fieldVersions = JSON.parse(existing.field_versions) as Record<string, number>;
  const fieldAuthors = JSON.parse(existing.field_authors) as Record<string, string>;
  const wasDeleted = Number(existing.deleted) === 1;
  const changed = ENTRY_FIELDS.filter(
    (field) =>
      args.fields[field] !== undefined &&
      !sameFieldValue(field, current[field], args.fields[field]!),
  );
  if (changed.length === 0 && !wasDeleted) return undefined;

  const version = await batch.takeVersion(args.notebookId);
  let conflicted = Number(existing.conflicted) === 1;
  // Resurrecting an entry deleted after the writer last saw it is itself a conflict.
  if (wasDeleted && Number(existing.version) > args.baseVersion) conflicted = true;
  batch.addHistory(
    changed.map((field) => {
      const previousVersion = fieldVersions[field] ?? Number(existing.version);
      const author = fieldAuthors[field] ?? existing.updated_by;
      const conflict = previousVersion > args.baseVersion && author !== userId;
      if (conflict) conflicted = true;
      fieldVersions[field] = version;
      fieldAuthors[field] = userId;
      return {
        entry_id: existing.id,
        notebook_id: existing.notebook_id,
        field,
        value: JSON.stringify(current[field]),
        version: previousVersion,
        author_id: author,
        overwritten_at: version,
        overwritten_by: userId,
        conflict: conflict ? 1 : 0,
        created_at: now,
      };
    }),
  );

  const changes: Partial<EntryFields> = {};
  for (const field of changed) Object.assign(changes, { [field]: args.fields[field] });
  batch.save({
    ...existing,
    ...fieldColumns(changes),
    version,
    deleted: 0,
    conflicted: conflicted ? 1 : 0,
    field_versions: JSON.stringify(fieldVersions),
    field_authors: JSON.stringify(fieldAuthors),
    updated_by: userId,
    updated_at: batch.updateTime(existing),
  });
  return { notebookId: args.notebookId, version };
}
