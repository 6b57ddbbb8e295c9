// The live entry an attachment mutation names, or a rejection saying why there is none.
import type { EntryRow } from '../entryRow.js';
import type { MutationContext } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';

export async function liveEntryOf(
  { batch }: MutationContext,
  notebookId: string,
  entryId: string,
): Promise<EntryRow> {
  const entry = await batch.entry(entryId);
  if (!entry || Number(entry.deleted) === 1) {
    throw new MutationRejected(RejectionCode.NotFound, `Entry ${entryId} does not exist`);
  }
  if (entry.notebook_id !== notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${entryId} belongs to another notebook`,
    );
  }
  return entry;
}
