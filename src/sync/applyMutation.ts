// What a mutation does to this device's picture of an entity, before the server has answered.
// Pure functions, used three ways: a local write applies its mutation to the current view; an
// acknowledged mutation is folded into the base (the server now holds it too); and a rebase
// re-applies every still-pending mutation on top of freshly pulled server state.
import { EMPTY_ENTRY, ENTRY_FIELDS, type EntryFields } from '../protocol/entry';
import { MutationName, type MutationArgs } from '../protocol/mutations';
import { Role } from '../protocol/roles';
import type { EntryState, NotebookState } from '../db/db';
import { authorsAfterWrite } from './entryAuthor';

/** The parts of an outbox row a mutation's effect depends on. */
export interface LocalMutation {
  name: string;
  args: unknown;
  createdAt: number;
}

function changedFields(fields: Partial<EntryFields>): Partial<EntryFields> {
  const out: Partial<EntryFields> = {};
  for (const field of ENTRY_FIELDS) {
    if (fields[field] !== undefined) Object.assign(out, { [field]: fields[field] });
  }
  return out;
}

export function applyToEntry(
  state: EntryState | null,
  mutation: LocalMutation,
  me: string,
): EntryState | null {
  switch (mutation.name) {
    case MutationName.EntryPut: {
      const args = mutation.args as MutationArgs<'entry.put'>;
      const fields = changedFields(args.fields);
      if (!state) {
        return {
          ...EMPTY_ENTRY,
          ...fields,
          notebookId: args.notebookId,
          version: 0,
          fieldVersions: {},
          conflicted: false,
          createdAt: mutation.createdAt,
          updatedAt: mutation.createdAt,
          createdBy: me,
          updatedBy: me,
          deleted: false,
        };
      }
      const { fieldAuthors: _authors, ...rest } = state;
      const fieldAuthors = authorsAfterWrite(state, fields, me);
      return {
        ...rest,
        ...fields,
        ...(fieldAuthors && { fieldAuthors }),
        deleted: false,
        updatedAt: mutation.createdAt,
        updatedBy: me,
      };
    }
    case MutationName.EntryDelete:
      return state && { ...state, deleted: true };
    case MutationName.EntryResolve:
      // "theirs" restores values only the server's history holds; they arrive with the next pull.
      return state && { ...state, conflicted: false };
    case MutationName.AttachmentAdd: {
      if (!state) return state;
      const {
        entryId: _entryId,
        notebookId: _notebookId,
        ...fields
      } = mutation.args as MutationArgs<'attachment.add'>;
      const others = (state.attachments ?? []).filter((item) => item.id !== fields.id);
      // Not `stored` until the server says so (its pull carries the verified flag).
      const added = {
        ...fields,
        createdAt: mutation.createdAt,
        createdBy: me,
        stored: false,
        version: 0,
      };
      return { ...state, attachments: [...others, added] };
    }
    case MutationName.AttachmentRemove: {
      if (!state) return state;
      const { id } = mutation.args as MutationArgs<'attachment.remove'>;
      return { ...state, attachments: (state.attachments ?? []).filter((item) => item.id !== id) };
    }
    default:
      return state;
  }
}

export function applyToNotebook(
  state: NotebookState | null,
  mutation: LocalMutation,
  me: string,
): NotebookState | null {
  switch (mutation.name) {
    case MutationName.NotebookCreate: {
      const args = mutation.args as MutationArgs<'notebook.create'>;
      if (state) return { ...state, name: args.name };
      return {
        name: args.name,
        role: Role.Owner,
        ownerId: me,
        version: 0,
        createdAt: mutation.createdAt,
        deleted: false,
      };
    }
    case MutationName.NotebookRename: {
      const args = mutation.args as MutationArgs<'notebook.rename'>;
      return state && { ...state, name: args.name };
    }
    case MutationName.NotebookDelete:
      return state && { ...state, deleted: true };
    default:
      return state;
  }
}

export function isAttachmentMutation(name: string): boolean {
  return name.startsWith('attachment.');
}

export function isNotebookMutation(name: string): boolean {
  return name.startsWith('notebook.');
}

/** The notebook a mutation belongs to and the entity (notebook or entry) it changes. */
export function mutationTarget(
  name: string,
  args: unknown,
): { notebookId: string; entityId: string } {
  const { id, notebookId, entryId } = (args ?? {}) as {
    id?: unknown;
    notebookId?: unknown;
    entryId?: unknown;
  };
  // An attachment mutation changes its entry: it is pending on, and rebased with, that entry.
  const target = isAttachmentMutation(name) ? entryId : id;
  const entityId = typeof target === 'string' ? target : '';
  if (isNotebookMutation(name)) return { notebookId: entityId, entityId };
  return { notebookId: typeof notebookId === 'string' ? notebookId : '', entityId };
}
