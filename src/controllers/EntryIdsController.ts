// Keeps a notebook page's entry ids and tag counts in step with IndexedDB without re-reading
// them after every write. A notebook of 100,000 entries takes a full read of index keys to
// list; a write changes one entry. So the ids are read in full when the notebook, the filter or
// the pause change, and otherwise PATCHED: Dexie's `storagemutated` event (fired for this tab's
// writes and, through Dexie's broadcast, for other tabs', the sync worker's and the service
// worker's) names the entries each transaction wrote, and patchEntryIds places just those.
// A change Dexie reports as a range (a clear, a bulk write of 50 rows or more) means a full read.
// Tag counts are read again only when the tags index moved or an entry went away.
//
//   storagemutated ──▶ pending keys ──▶ run: full read, or patch by the keys ──▶ ids, tags
//                                        (runs never overlap; what arrives meanwhile waits)
//
// An acknowledgement that rewrites an entry in place patches to the same list: nothing renders
// but the row itself (the list's own live query over the rows on screen).
//
// This page's own writes do not wait for IndexedDB. Each is announced as it starts
// (sync/LocalWrites.ts); the ids shown are the ids read with the writes in flight placed among
// them from the rows the list holds (overlayEntryIds), so the row is drawn in the next frame. A
// write that fails or changes nothing drops out at once; a committed one is patched in like any
// other change, and drops out of the overlay once a run that started after its commit has
// replaced the ids (so the row never leaves the list in between, nor shows twice).
//
//   announced ──▶ ids = read ids + writes in flight ──commit──▶ patch run ──▶ read ids hold it
//        └──failed / unchanged──▶ ids = read ids (+ the other writes)
import Dexie, { type ObservabilitySet } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EntryRow, TidelineDB } from '../db/db';
import {
  entryChanges,
  notebookTags,
  queryEntryIds,
  type EntryFilter,
  type TagCount,
} from '../db/entryIds';
import { patchEntryIds } from '../db/patchEntryIds';
import { overlayEntryIds } from '../db/overlayEntryIds';
import { MutationName } from '../protocol/mutations';
import {
  WriteStatus,
  localWrites,
  seenBy,
  writesByEntity,
  type LocalWrite,
} from '../sync/LocalWrites';
import { optimisticEntry } from '../sync/optimisticEntry';

/** More changed entries than this in one go are read in full rather than placed one by one. */
export const PATCH_LIMIT = 100;

export interface EntryIdsSource {
  db: TidelineDB;
  notebookId: string;
  filter: EntryFilter;
  /** While true nothing is read (the sync worker is storing the notebook); ids and tags are []. */
  paused: boolean;
}

/** What the next run has to do. */
interface Work {
  ids: boolean;
  tags: boolean;
  /** Entries to place in the current ids (when `ids` is false). */
  keys: Set<string>;
}

/** The writes that change entries, as they reach the entry lists. */
const ENTRY_WRITES: ReadonlySet<string> = new Set<string>([
  MutationName.EntryPut,
  MutationName.EntryDelete,
  MutationName.EntryResolve,
  MutationName.EntryRestore,
]);

export interface EntryIdsOptions {
  /** An entry's row as the list draws it, where the list holds it (the rows of its window):
   *  the base of a write's row and what the write's row is compared with to place it. */
  shownRow?: (id: string) => EntryRow | undefined;
  /** Counts the notebook's tags (default: notebookTags, on this thread). The notebook page
   *  counts a large notebook's in the sync worker. */
  countTags?: (db: TidelineDB, notebookId: string) => Promise<TagCount[]>;
}

export class EntryIdsController implements ReactiveController {
  /** The matching ids in display order, this page's writes in flight included; undefined until
   *  the first read. */
  ids: readonly string[] | undefined;
  /** This page's writes to the notebook's entries that the ids read do not hold yet, oldest
   *  first: for the list, to draw their rows until its own read holds them. */
  writes: readonly LocalWrite[] = [];
  tags: TagCount[] | undefined;
  error: unknown;
  /** True from a change of notebook, filter or pause until the ids for it arrive. */
  loading = true;
  private source: EntryIdsSource | undefined;
  private connected = false;
  private running = false;
  private work: Work = { ids: true, tags: true, keys: new Set() };
  /** Counts changes of source, so a run for an old one drops its result. */
  private generation = 0;
  /** The ids as read from IndexedDB (`ids` without the writes in flight). */
  private readIds: readonly string[] | undefined;
  private unsubscribeWrites: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly read: () => EntryIdsSource,
    private readonly options: EntryIdsOptions = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    Dexie.on('storagemutated', this.onMutated);
    this.unsubscribeWrites = localWrites.subscribe(this.onLocalWrite);
    this.source = undefined;
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.unsubscribeWrites?.();
    this.unsubscribeWrites = undefined;
    this.writes = [];
    this.generation += 1;
  }

  hostUpdate(): void {
    const next = this.read();
    const last = this.source;
    if (
      last &&
      last.db === next.db &&
      last.notebookId === next.notebookId &&
      last.filter === next.filter &&
      last.paused === next.paused
    ) {
      return;
    }
    const notebookChanged =
      !last ||
      last.db !== next.db ||
      last.notebookId !== next.notebookId ||
      last.paused !== next.paused;
    this.source = next;
    this.generation += 1;
    this.loading = true;
    this.work = {
      ids: true,
      tags: this.work.tags || notebookChanged,
      keys: new Set(),
    };
    this.schedule();
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    const source = this.source;
    if (!this.connected || !source || source.paused) return;
    const changes = entryChanges(parts, source.db.name);
    if (!changes) return;
    if (changes.tags) this.work.tags = true;
    if (changes.keys === 'all') {
      this.work.ids = true;
      this.work.tags = true;
    } else if (!this.work.ids) {
      for (const key of changes.keys) this.work.keys.add(key);
      if (this.work.keys.size > PATCH_LIMIT) this.work.ids = true;
    }
    this.schedule();
  };

  private readonly onLocalWrite = (write: LocalWrite): void => {
    if (!ENTRY_WRITES.has(write.name)) return;
    if (write.status === WriteStatus.Pending) {
      if (write.notebookId !== this.source?.notebookId) return;
      this.writes = [...this.writes, write];
    } else if (!this.writes.includes(write)) {
      return;
    } else if (write.status === WriteStatus.Committed) {
      // Patched in by the next run, which must start after the commit (storagemutated may have
      // started one just before).
      if (!this.work.ids) this.work.keys.add(write.entityId);
      this.schedule();
      return;
    } else {
      this.writes = this.writes.filter((other) => other !== write);
    }
    this.showWrites();
    // The list draws `writes` over its rows: it needs the new set even where the ids stay.
    this.host.requestUpdate();
  };

  /** `ids`: the ids read, with the writes in flight to this notebook placed among them. */
  private showWrites(): void {
    const source = this.source;
    const read = this.readIds;
    let ids = read;
    if (read && source && !source.paused && !this.error) {
      const byEntry = writesByEntity(this.writes, source.notebookId);
      // A row drawn may already hold some of these writes; applying one again changes nothing
      // that shows (a put of the same fields is skipped, a delete stays a delete).
      const shown = this.options.shownRow ?? (() => undefined);
      const changed = new Map<string, EntryRow | null>();
      for (const [id, writes] of byEntry) {
        const row = optimisticEntry(id, shown(id), writes);
        if (row !== undefined) changed.set(id, row);
      }
      ids = overlayEntryIds(read, source.notebookId, source.filter, changed, shown);
    }
    // The same ids in a new array (the read catching up with what was shown) keep the old one,
    // so the list has nothing to redraw.
    if (ids !== this.ids && !sameIds(ids, this.ids)) {
      this.ids = ids;
      this.host.requestUpdate();
    }
  }

  private pendingWork(): boolean {
    return this.work.ids || this.work.tags || this.work.keys.size > 0;
  }

  private schedule(): void {
    if (this.running || !this.connected || !this.pendingWork()) return;
    this.running = true;
    // A new task: the event may fire inside a liveQuery's zone, whose reads would be recorded.
    setTimeout(() => void this.run(), 0);
  }

  private async run(): Promise<void> {
    try {
      while (this.connected && this.pendingWork()) {
        const source = this.source!;
        const generation = this.generation;
        const work = this.work;
        this.work = { ids: false, tags: false, keys: new Set() };
        try {
          await this.step(source, generation, work);
        } catch (error) {
          if (generation === this.generation) {
            this.error = error;
            this.loading = false;
            this.host.requestUpdate();
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async step(source: EntryIdsSource, generation: number, work: Work): Promise<void> {
    const { db, notebookId, filter, paused } = source;
    if (work.ids || work.keys.size > 0) {
      // Noted before reading: the writes committed by now are in what this run reads.
      const stamp = localWrites.stamp;
      let ids: readonly string[] | undefined;
      if (paused) ids = [];
      else if (!work.ids && this.readIds) {
        const patched = await patchEntryIds(db, notebookId, filter, this.readIds, [...work.keys]);
        ids = patched?.ids;
        if (patched?.removed) work.tags = true;
      }
      ids ??= paused ? [] : await queryEntryIds(db, notebookId, filter);
      if (generation !== this.generation) {
        if (work.tags) this.work.tags = true;
        return;
      }
      const settled = this.writes.filter((write) => seenBy(write, stamp));
      if (ids !== this.readIds || this.loading || this.error || settled.length > 0) {
        this.readIds = ids;
        this.writes = this.writes.filter((write) => !settled.includes(write));
        this.error = undefined;
        this.loading = false;
        this.showWrites();
        this.host.requestUpdate();
      }
    }
    if (work.tags) {
      const countTags = this.options.countTags ?? notebookTags;
      const tags = paused ? [] : await countTags(db, notebookId);
      if (generation !== this.generation) {
        // Read for another notebook: the new one still needs its own.
        this.work.tags = true;
        return;
      }
      this.tags = tags;
      this.host.requestUpdate();
    }
  }
}

function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
