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
import Dexie, { type ObservabilitySet } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TidelineDB } from '../db/db';
import {
  entryChanges,
  notebookTags,
  patchEntryIds,
  queryEntryIds,
  type EntryFilter,
  type TagCount,
} from '../db/entryIds';

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

export class EntryIdsController implements ReactiveController {
  /** The matching ids in display order; undefined until the first read. */
  ids: readonly string[] | undefined;
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

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly read: () => EntryIdsSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    Dexie.on('storagemutated', this.onMutated);
    this.source = undefined;
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
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
      let ids: readonly string[] | undefined;
      if (paused) ids = [];
      else if (!work.ids && this.ids) {
        const patched = await patchEntryIds(db, notebookId, filter, this.ids, [...work.keys]);
        ids = patched?.ids;
        if (patched?.removed) work.tags = true;
      }
      ids ??= paused ? [] : await queryEntryIds(db, notebookId, filter);
      if (generation !== this.generation) {
        if (work.tags) this.work.tags = true;
        return;
      }
      if (ids !== this.ids || this.loading || this.error) {
        this.ids = ids;
        this.error = undefined;
        this.loading = false;
        this.host.requestUpdate();
      }
    }
    if (work.tags) {
      const tags = paused ? [] : await notebookTags(db, notebookId);
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
