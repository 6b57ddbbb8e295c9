// Who wrote each field of an entry, as far as this device knows. The server sends an author per
// field only where it is not the entry's `updatedBy` (protocol/entry.ts), and a local put makes
// the writer `updatedBy`: these keep the other fields' authors right through both.
import { ENTRY_FIELDS, type EntryField, type EntryFields } from '../protocol/entry';
import type { EntryState } from '../db/db';

/** The user who wrote `field`'s current value in `state`. */
export function fieldAuthor(state: EntryState, field: EntryField): string {
  return state.fieldAuthors?.[field] ?? state.updatedBy;
}

/** `state`'s per-field authors once `writer` has written `written` (and becomes updatedBy). */
export function authorsAfterWrite(
  state: EntryState,
  written: Partial<EntryFields>,
  writer: string,
): Record<string, string> | undefined {
  const authors: Record<string, string> = {};
  for (const field of ENTRY_FIELDS) {
    if (written[field] !== undefined) continue;
    const author = fieldAuthor(state, field);
    if (author !== writer) authors[field] = author;
  }
  return Object.keys(authors).length > 0 ? authors : undefined;
}
