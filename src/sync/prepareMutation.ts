// Checks a local write against what this device knows before anything is written: the notebook
// exists here and the user's role allows the change, the entry is in that notebook, a resolve
// has a conflict to settle. Returns the arguments to store — entry.put gets its `baseVersion`,
// the server version last seen — or null when the write would change nothing.
import { AttachmentLimits } from '../protocol/attachments';
import { ENTRY_FIELDS, sameFieldValue, type EntryFields } from '../protocol/entry';
import { MutationName, type NamedMutation } from '../protocol/mutations';
import { canWrite, Role } from '../protocol/roles';
import type { EntryRow, NotebookRow, TidelineDB } from '../db/db';
import { LocalWriteError, LocalWriteErrorCode } from './errors';

async function writableNotebook(db: TidelineDB, notebookId: string): Promise<NotebookRow> {
  const notebook = await db.notebooks.get(notebookId);
  if (!notebook || notebook.deleted) {
    throw new LocalWriteError(
      LocalWriteErrorCode.NotFound,
      'This notebook is not on this device any more; it may have been deleted or you may have left it.',
    );
  }
  if (!canWrite(notebook.role)) {
    throw new LocalWriteError(
      LocalWriteErrorCode.ReadOnly,
      'You can read this notebook but not change it. Ask its owner to make you an editor.',
    );
  }
  return notebook;
}

async function ownedNotebook(db: TidelineDB, notebookId: string): Promise<NotebookRow> {
  const notebook = await writableNotebook(db, notebookId);
  if (notebook.role !== Role.Owner) {
    throw new LocalWriteError(
      LocalWriteErrorCode.OwnerOnly,
      'Only the owner can rename or delete this notebook.',
    );
  }
  return notebook;
}

async function existingEntry(
  db: TidelineDB,
  notebookId: string,
  entryId: string,
): Promise<EntryRow | undefined> {
  const entry = await db.entries.get(entryId);
  if (entry && entry.notebookId !== notebookId) {
    throw new LocalWriteError(
      LocalWriteErrorCode.WrongNotebook,
      'That entry belongs to another notebook.',
    );
  }
  return entry;
}

/** Whether an entry.put of `fields` would leave `entry` as it is (so it is not written). */
export function putChangesNothing(entry: EntryRow, fields: Partial<EntryFields>): boolean {
  return (
    !entry.deleted &&
    ENTRY_FIELDS.every(
      (field) => fields[field] === undefined || sameFieldValue(field, entry[field], fields[field]),
    )
  );
}

/**
 * Checks a validated mutation against local state and returns it as it is to be stored
 * (entry.put gets its `baseVersion` here), or null when the write would change nothing.
 */
export async function prepareMutation(
  db: TidelineDB,
  mutation: NamedMutation,
): Promise<NamedMutation | null> {
  switch (mutation.name) {
    case MutationName.NotebookCreate:
      if (await db.notebooks.get(mutation.args.id)) {
        throw new LocalWriteError(
          LocalWriteErrorCode.InvalidArgs,
          'A notebook with that id already exists.',
        );
      }
      return mutation;
    case MutationName.NotebookRename:
    case MutationName.NotebookDelete:
      await ownedNotebook(db, mutation.args.id);
      return mutation;
    case MutationName.EntryPut: {
      const put = mutation.args;
      await writableNotebook(db, put.notebookId);
      const entry = await existingEntry(db, put.notebookId, put.id);
      if (entry && putChangesNothing(entry, put.fields)) return null;
      // The server version last seen; local changes never move an entry's version.
      return { name: mutation.name, args: { ...put, baseVersion: entry?.version ?? 0 } };
    }
    case MutationName.EntryDelete:
    case MutationName.EntryResolve: {
      const { id, notebookId } = mutation.args;
      await writableNotebook(db, notebookId);
      const entry = await existingEntry(db, notebookId, id);
      if (!entry || entry.deleted) {
        throw new LocalWriteError(LocalWriteErrorCode.NotFound, 'That entry no longer exists.');
      }
      if (mutation.name === MutationName.EntryResolve && !entry.conflicted) {
        throw new LocalWriteError(
          LocalWriteErrorCode.NotConflicted,
          'This entry has no conflict to resolve.',
        );
      }
      return mutation;
    }
    case MutationName.EntryRestore: {
      const { id, notebookId } = mutation.args;
      await writableNotebook(db, notebookId);
      const entry = await existingEntry(db, notebookId, id);
      // Live here already: nothing to bring back. Absent here: the server may still keep it.
      return entry && !entry.deleted ? null : mutation;
    }
    case MutationName.AttachmentAdd:
    case MutationName.AttachmentRemove: {
      const { id, entryId, notebookId } = mutation.args;
      await writableNotebook(db, notebookId);
      const entry = await existingEntry(db, notebookId, entryId);
      if (!entry || entry.deleted) {
        throw new LocalWriteError(LocalWriteErrorCode.NotFound, 'That entry no longer exists.');
      }
      const attachments = entry.attachments ?? [];
      if (mutation.name === MutationName.AttachmentRemove) {
        // Removing one that is already gone changes nothing.
        return attachments.some((item) => item.id === id) ? mutation : null;
      }
      if (attachments.length >= AttachmentLimits.perEntryMax) {
        throw new LocalWriteError(
          LocalWriteErrorCode.InvalidArgs,
          `An entry can hold at most ${AttachmentLimits.perEntryMax} files; remove one first.`,
        );
      }
      return mutation;
    }
  }
}
