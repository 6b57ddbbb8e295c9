// The rows of a virtualized list's window, kept live: a live query over just the ids on screen,
// subscribed again whenever the window's ids change, so a row changed anywhere (another tab, the
// sync worker) re-renders in place and 100,000 entries never load at once.
//
// Each read notes `localWrites.stamp` as it starts: the writes committed by then are in what it
// read, which is how the list knows when to stop drawing a write in flight over its row.
import { liveQuery, type Subscription } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getDb, type EntryRow } from '../db/db';
import { localWrites } from '../sync/LocalWrites';

export class WindowRowsController implements ReactiveController {
  /** The window's rows by id, as last read. */
  rows = new Map<string, EntryRow>();
  /** `localWrites.stamp` when the read behind `rows` started (-1: no read yet). */
  stamp = -1;
  private subscription: Subscription | undefined;
  private subscribedKey = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called with each new read, before the host renders it. */
    private readonly onRows: () => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.subscribedKey = '';
  }

  /** Follows the rows of `ids`; a new window gets a new live query. */
  follow(ids: readonly string[]): void {
    const key = ids.join(',');
    if (key === this.subscribedKey) return;
    this.subscribedKey = key;
    this.subscription?.unsubscribe();
    const db = getDb();
    this.subscription = liveQuery(() => {
      const stamp = localWrites.stamp;
      return db.entries.bulkGet([...ids]).then((rows) => ({ rows, stamp }));
    }).subscribe({
      next: ({ rows, stamp }) => {
        if (this.subscribedKey !== key) return;
        const next = new Map<string, EntryRow>();
        for (const row of rows) if (row) next.set(row.id, row);
        this.stamp = Math.max(this.stamp, stamp);
        this.rows = next;
        this.onRows();
        this.host.requestUpdate();
      },
      error: (error: unknown) => console.error('Entry list query failed', error),
    });
  }
}
