// What a mutation does to this device's picture of an entity, before the server has answered.
// Pure functions, used three ways: a local write applies its mutation to the current view; an
// acknowledged mutation is folded into the base (the server now holds it too); and a rebase
// re-applies every still-pending mutation on top of freshly pulled server state.
import { MutationName, type NamedMutation } from '../protocol/mutations';
import { Role } from '../protocol/roles';
import type { EntryState, NotebookState } from '../db/db';
import { entryStateAfterPut } from './entryRow';

/** The parts of an outbox row a mutation's effect depends on. */
export type LocalMutation = NamedMutation & { createdAt: number };

export function applyToEntry(
  state: EntryState | null,
  mutation: LocalMutation,
  me: string,
): EntryState | null {
  switch (mutation.name) {
    case MutationName.EntryPut:
      return entryStateAfterPut(state, mutation.args, mutation.createdAt, me);
    case MutationName.EntryDelete:
      return state && { ...state, deleted: true };
    case MutationName.EntryRestore:
      // The server brings back the fields the tombstone kept; this device shows the ones it knew.
      return state && { ...state, deleted: false };
    case MutationName.EntryResolve:
      // "theirs" restores values only the server's history holds; they arrive with the next pull.
      return state && { ...state, conflicted: false };
    case MutationName.AttachmentAdd: {
      if (!state) return state;
      const { entryId: _entryId, notebookId: _notebookId, ...fields } = mutation.args;
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
      const { id } = mutation.args;
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
      const { name } = mutation.args;
      if (state) return { ...state, name };
      return {
        name,
        role: Role.Owner,
        ownerId: me,
        version: 0,
        createdAt: mutation.createdAt,
        deleted: false,
      };
    }
    case MutationName.NotebookRename:
      return state && { ...state, name: mutation.args.name };
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
export function mutationTarget(mutation: NamedMutation): { notebookId: string; entityId: string } {
  switch (mutation.name) {
    case MutationName.NotebookCreate:
    case MutationName.NotebookRename:
    case MutationName.NotebookDelete:
      return { notebookId: mutation.args.id, entityId: mutation.args.id };
    case MutationName.AttachmentAdd:
    case MutationName.AttachmentRemove:
      // An attachment mutation changes its entry: it is pending on, and rebased with, that entry.
      return { notebookId: mutation.args.notebookId, entityId: mutation.args.entryId };
    default:
      return { notebookId: mutation.args.notebookId, entityId: mutation.args.id };
  }
}
