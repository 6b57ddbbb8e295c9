// The entry as a list should show it while this context's writes to it are still on their way
// into IndexedDB: the row last read, with those writes applied by the rules writeMutation stores
// them with (applyToEntry; a put that changes nothing is skipped, as prepareMutation skips it).
// `base`, `createdBy` and `updatedBy` are not worked out: lists show neither, and the stored row
// replaces this one as soon as a read holds the writes.
import type { EntryRow } from '../db/db';
import { MutationName } from '../protocol/mutations';
import { applyToEntry } from './applyMutation';
import { entryRow, entryStateOf } from './entryRow';
import type { LocalWrite } from './LocalWrites';
import { putChangesNothing } from './prepareMutation';

/**
 * `stored` (the entry as last read; undefined when it was not read, or is not there) with
 * `writes` (to this entry, oldest first) applied. Null: the writes leave no entry. Undefined:
 * only a read can tell (a change to an entry that was not read).
 */
export function optimisticEntry(
  id: string,
  stored: EntryRow | undefined,
  writes: readonly LocalWrite[],
): EntryRow | null | undefined {
  let row: EntryRow | null | undefined = stored;
  for (const write of writes) {
    // A made-up id: nothing is stored under it but what this write stores.
    if (row === undefined && write.creates) row = null;
    if (row === undefined) {
      if (write.name !== MutationName.EntryDelete) return undefined;
      // Deleted, whatever it held; a later change to it would need the row.
      if (write !== writes.at(-1)) return undefined;
      return null;
    }
    if (write.name === MutationName.EntryPut && row && putChangesNothing(row, write.args.fields)) {
      continue;
    }
    const view = applyToEntry(row && entryStateOf(row), write, '');
    row =
      view &&
      entryRow(id, view, { pending: (row?.pending ?? 0) + 1, unread: row?.unread ?? false });
  }
  return row;
}
