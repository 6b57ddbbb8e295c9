// Which of an entry's history items it is conflicted over now (tl-entry-conflict shows them).
import type { EntryRow } from '../db/db';
import { ENTRY_FIELDS, type HistoryItem } from '../protocol/entry';

/** The conflicts behind the entry's current values: per field, the history item whose value the
 *  current one overwrote concurrently. Older conflicts, already settled, are left out. */
export function currentConflicts(entry: EntryRow, items: readonly HistoryItem[]): HistoryItem[] {
  const conflicts = items.filter((item) => item.conflict);
  const exact = ENTRY_FIELDS.map((field) =>
    conflicts.find(
      (item) => item.field === field && item.overwrittenAt === entry.fieldVersions[field],
    ),
  ).filter((item): item is HistoryItem => item !== undefined);
  if (exact.length > 0) return exact;
  // Versions this device has not caught up with: the latest conflicting write's items.
  const latest = conflicts[0]?.overwrittenAt;
  return conflicts.filter(
    (item, index) =>
      item.overwrittenAt === latest &&
      conflicts.findIndex((other) => other.field === item.field) === index,
  );
}
