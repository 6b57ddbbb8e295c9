// Local writes announced in-memory, in the context that makes them, before IndexedDB has them.
// A write's Dexie transaction takes a few IndexedDB round trips, and the lists that show it read
// it back with more; a list that hears of the write as it starts can draw it in the next frame
// and check its drawing against IndexedDB once the transaction is done.
//
//   writeMutation ──begin()──▶ pending ──settle()──▶ committed   (stamp = commits so far)
//                                          ├───────▶ unchanged   (the write changed nothing)
//                                          └───────▶ failed      (nothing was written)
//
// `stamp` counts commits. A reader that notes the stamp before it starts reading sees every
// write committed with a stamp up to that value (IndexedDB runs a transaction created after a
// write's commit on the committed data), so it can tell which announced writes its result
// already holds. Other contexts (tabs, the sync worker, the service worker) hear nothing from
// here: they learn of the write from Dexie once it is committed, as before.
import type { NamedMutation } from '../protocol/mutations';

export const WriteStatus = {
  Pending: 'pending',
  Committed: 'committed',
  Unchanged: 'unchanged',
  Failed: 'failed',
} as const;
export type WriteStatus = (typeof WriteStatus)[keyof typeof WriteStatus];

/** What is announced of a write besides its mutation. */
export interface WriteFacts {
  readonly notebookId: string;
  /** The notebook or entry the write changes. */
  readonly entityId: string;
  /** The time stamped on the mutation and the entity. */
  readonly createdAt: number;
  /** The write makes a new entity (its id was made up for it), so nothing is there before it. */
  readonly creates: boolean;
}

/** A write as announced: its name and arguments as validated (before prepareMutation fills in
 *  `baseVersion`), where it goes, and how far it has got. */
export type LocalWrite = Readonly<NamedMutation> &
  WriteFacts & {
    /** Announcement order in this context. */
    readonly seq: number;
    status: WriteStatus;
    /** Once committed: the stamp from which a read sees this write. */
    committedStamp?: number;
  };

export type LocalWriteListener = (write: LocalWrite) => void;

export class LocalWrites {
  private readonly listeners = new Set<LocalWriteListener>();
  private commits = 0;
  private nextSeq = 1;

  /** Writes committed so far; note it before a read to know which writes the read sees. */
  get stamp(): number {
    return this.commits;
  }

  /** Calls `listener`, synchronously, as each write starts and as it settles. */
  subscribe(listener: LocalWriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces a write whose transaction is about to start. */
  begin(write: NamedMutation & WriteFacts): LocalWrite {
    const started: LocalWrite = { ...write, seq: this.nextSeq++, status: WriteStatus.Pending };
    this.notify(started);
    return started;
  }

  /** Reports how the write's transaction ended. */
  settle(write: LocalWrite, status: Exclude<WriteStatus, 'pending'>): void {
    if (write.status !== WriteStatus.Pending) return;
    write.status = status;
    if (status === WriteStatus.Committed) write.committedStamp = ++this.commits;
    this.notify(write);
  }

  private notify(write: LocalWrite): void {
    for (const listener of this.listeners) {
      try {
        listener(write);
      } catch (error) {
        // A listener's bug must not fail the write; it is the listener's to report.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** This context's announcements: the page's lists listen; workers have no listeners. */
export const localWrites = new LocalWrites();

/** `writes` to `notebookId`'s entities, by entity, in the order given. */
export function writesByEntity(
  writes: Iterable<LocalWrite>,
  notebookId: string,
): Map<string, LocalWrite[]> {
  const byEntity = new Map<string, LocalWrite[]>();
  for (const write of writes) {
    if (write.notebookId !== notebookId) continue;
    const list = byEntity.get(write.entityId);
    if (list) list.push(write);
    else byEntity.set(write.entityId, [write]);
  }
  return byEntity;
}

/** Whether a read noted at `stamp` already holds `write` (a settled write that is not pending). */
export function seenBy(write: LocalWrite, stamp: number): boolean {
  switch (write.status) {
    case WriteStatus.Pending:
      return false;
    case WriteStatus.Committed:
      return write.committedStamp! <= stamp;
    default:
      return true;
  }
}
