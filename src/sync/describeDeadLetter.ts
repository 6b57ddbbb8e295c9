// Plain words for a change the server refused (a dead letter): what the change was, and why it
// was refused with what the user can do about it. The server's codes are stable; its messages
// are for people but may name ids, so the reason is built from the code and the message is kept
// as a detail.
import type { DeadLetterRow } from '../db/db';
import { MutationName } from '../protocol/mutations';

/** The server's sentence, to continue one of ours: "Viewers cannot…." → "viewers cannot…". */
function clause(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** "Rename “Trip” to “Trip 2024”": the change, with the notebook's name where it is known. */
export function describeChange(letter: DeadLetterRow, notebookName: string | undefined): string {
  const args = (letter.args ?? {}) as Record<string, unknown>;
  const fields = (args.fields ?? {}) as Record<string, unknown>;
  const inNotebook = notebookName ? ` in “${notebookName}”` : '';
  const title = text(fields.title);
  switch (letter.name) {
    case MutationName.NotebookCreate:
      return `Create notebook “${text(args.name) ?? 'untitled'}”`;
    case MutationName.NotebookRename:
      return notebookName
        ? `Rename “${notebookName}” to “${text(args.name) ?? ''}”`
        : `Rename a notebook to “${text(args.name) ?? ''}”`;
    case MutationName.NotebookDelete:
      return notebookName ? `Delete notebook “${notebookName}”` : 'Delete a notebook';
    case MutationName.EntryPut:
      if (args.baseVersion === 0) return `New entry${title ? ` “${title}”` : ''}${inNotebook}`;
      return `Change to entry${title ? ` “${title}”` : ''}${inNotebook}`;
    case MutationName.EntryDelete:
      return `Delete an entry${inNotebook}`;
    case MutationName.EntryResolve:
      return `Settle a conflicting edit${inNotebook}`;
    case MutationName.EntryRestore:
      return `Bring back a deleted entry${inNotebook}`;
    default:
      return `A change (${letter.name})${inNotebook}`;
  }
}

/** Why the server refused it, and what the user can do. */
export function describeRejection(letter: DeadLetterRow): string {
  switch (letter.code) {
    case 'forbidden':
      return `You are not allowed to make this change: ${clause(letter.message)}. If the notebook’s owner gives you more access, retry it; otherwise discard it.`;
    case 'not-found':
      return 'The notebook or entry no longer exists, or you are no longer a member of the notebook. Discard this change.';
    case 'invalid-args':
      return `The change was not valid (${clause(letter.message)}). Discard it and make it again.`;
    case 'already-exists':
      return 'Something with the same id already exists on the server. Discard this change.';
    case 'wrong-notebook':
      return 'The entry belongs to another notebook. Discard this change.';
    case 'not-conflicted':
      return 'The conflict had already been settled. Discard this change.';
    default:
      return `The server refused this change: ${letter.message}`;
  }
}
