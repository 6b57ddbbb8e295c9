// The entry list's view of this page's writes still on their way into IndexedDB: which ones to
// draw over the rows it read, and the row each entry then shows. A write is drawn from when it
// is handed in until a read of the rows that started after its commit (noted by its
// `localWrites.stamp`) holds it, or at once no more if it failed or changed nothing. Kept apart
// from the element so it can be checked without a DOM.
import type { EntryRow } from '../db/db';
import { seenBy, writesByEntity, type LocalWrite } from '../sync/LocalWrites';
import { optimisticEntry } from '../sync/optimisticEntry';

export class DrawnWrites {
  /** By entry, oldest first. */
  private byEntry = new Map<string, LocalWrite[]>();

  /** Takes in the writes handed to the list and drops the ones a read at `stamp` holds. */
  update(handed: readonly LocalWrite[], notebookId: string, stamp: number): void {
    const kept = new Set<LocalWrite>(handed);
    for (const writes of this.byEntry.values()) for (const write of writes) kept.add(write);
    const unseen = [...kept].filter((write) => !seenBy(write, stamp));
    this.byEntry = writesByEntity(
      unseen.sort((a, b) => a.seq - b.seq),
      notebookId,
    );
  }

  /** The row to draw for an entry: the one read, with the writes it does not hold applied. */
  row(id: string, stored: EntryRow | undefined): EntryRow | undefined {
    const writes = this.byEntry.get(id);
    return (writes && optimisticEntry(id, stored, writes)) ?? stored;
  }

  get size(): number {
    return this.byEntry.size;
  }
}
