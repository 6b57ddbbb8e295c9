// A page kept in the back/forward cache holds no transaction, lock request or worker: what was in
// flight at `pagehide` is aborted, and nothing new starts until the page shows again.
import 'fake-indexeddb/auto';
import Dexie, { type Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface PageGlobals {
  onpagehide?: unknown;
  addEventListener?: EventTarget['addEventListener'];
  dispatchEvent?: EventTarget['dispatchEvent'];
}

const page = globalThis as PageGlobals;
let db: Dexie & { notes: Table<{ id: number; text: string }, number> };

function transition(type: 'pagehide' | 'pageshow', persisted: boolean): void {
  const event = new Event(type) as Event & { persisted?: boolean };
  Object.defineProperty(event, 'persisted', { value: persisted });
  page.dispatchEvent!(event);
}

beforeEach(async () => {
  // This test's globalThis stands in for a page's window.
  const target = new EventTarget();
  page.onpagehide = null;
  page.addEventListener = target.addEventListener.bind(target);
  page.dispatchEvent = target.dispatchEvent.bind(target);
  vi.resetModules();
  const { abortTransactionsOnLeaving } = await import('./abortOnLeaving');
  abortTransactionsOnLeaving();
  db = new Dexie(`leaving-${Date.now()}-${Math.random()}`) as typeof db;
  db.version(1).stores({ notes: 'id' });
  await db.open();
});

afterEach(async () => {
  const proto = IDBDatabase.prototype as unknown as Record<symbol, IDBDatabase['transaction']>;
  IDBDatabase.prototype.transaction = proto[Symbol.for('tideline.nativeTransaction')]!;
  db.close();
  await Dexie.delete(db.name);
  delete page.onpagehide;
  delete page.addEventListener;
  delete page.dispatchEvent;
});

describe('a page left for the back/forward cache', () => {
  it('aborts a write in flight, refuses new ones until shown again, then writes', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    // A long sync run: request after request in one transaction, until something ends it.
    const inFlight = db.transaction('rw', db.notes, async () => {
      for (let i = 0; i < 100_000; i += 1) {
        await db.notes.put({ id: 100 + (i % 10), text: 'in flight' });
        if (i === 2) started();
      }
    });
    await running;
    transition('pagehide', true);
    await expect(inFlight).rejects.toThrow();
    // A retry or a log written after `pagehide` would freeze with the page: refused at once.
    await expect(db.notes.put({ id: 3, text: 'while left' })).rejects.toThrow(/page was left/);
    expect(await countWhenShown()).toBe(0);
    await db.notes.put({ id: 4, text: 'shown again' });
    expect(await db.notes.toArray()).toEqual([{ id: 4, text: 'shown again' }]);
  });

  it('aborts a transaction opened on the connection directly, as Dexie does on opening', async () => {
    // Dexie reads the stored schema in a read-only transaction over every store, outside its
    // middleware; frozen open, it queued every later write of the profile behind it.
    const native = db.backendDB().transaction(['notes'], 'readonly');
    const ended = new Promise<string>((resolve) => {
      native.oncomplete = () => resolve('complete');
      native.onabort = () => resolve('abort');
    });
    transition('pagehide', true);
    expect(await ended).toBe('abort');
    expect(() => db.backendDB().transaction(['notes'], 'readonly')).toThrow(/page was left/);
    transition('pageshow', true);
  });

  it('still aborts a transaction that went on after one of its requests failed', async () => {
    // A failed request's `error` event reaches its transaction; handled, the transaction runs on
    // and must still count as open.
    const native = db.backendDB().transaction(['notes'], 'readwrite');
    const store = native.objectStore('notes');
    const ended = new Promise<string>((resolve) => {
      native.oncomplete = () => resolve('complete');
      native.onabort = () => resolve('abort');
    });
    await new Promise<void>((resolve) => {
      store.add({ id: 7, text: 'first' });
      const duplicate = store.add({ id: 7, text: 'again' });
      duplicate.onerror = (event) => {
        event.preventDefault();
        resolve();
      };
    });
    // Kept busy, as a sync run's transaction is, until the page is left.
    let busy = true;
    const spin = () => {
      if (busy) store.get(7).onsuccess = spin;
    };
    spin();
    transition('pagehide', true);
    busy = false;
    expect(await ended).toBe('abort');
    transition('pageshow', true);
    expect(await db.notes.count()).toBe(0);
  });

  it('counts the transactions in flight for a driver that must not leave mid-transaction', async () => {
    const activity = (globalThis as Record<symbol, { open: number; lastStartedAt: number }>)[
      Symbol.for('tideline.transactions')
    ]!;
    const before = Date.now();
    // Dexie's own transaction at open may still be finishing.
    const already = activity.open;
    const native = db.backendDB().transaction(['notes'], 'readwrite');
    native.objectStore('notes').put({ id: 9, text: 'counted' });
    expect(activity.open).toBe(already + 1);
    expect(activity.lastStartedAt).toBeGreaterThanOrEqual(before);
    await new Promise((resolve) => (native.oncomplete = resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activity.open).toBe(0);
  });

  it('lets writes go on when the page is unloaded for good (not persisted)', async () => {
    transition('pagehide', false);
    await db.notes.put({ id: 1, text: 'last words' });
    expect(await db.notes.count()).toBe(1);
  });

  it('gives lock requests an aborted signal while left, and a live one once shown', async () => {
    const { leavingPageSignal, pageIsLeft } = await import('../sync/leavingPage');
    const before = leavingPageSignal();
    transition('pagehide', true);
    expect(before?.aborted).toBe(true);
    expect(pageIsLeft()).toBe(true);
    expect(leavingPageSignal()?.aborted).toBe(true);
    transition('pageshow', true);
    expect(pageIsLeft()).toBe(false);
    expect(leavingPageSignal()?.aborted).toBe(false);
  });
});

/** Shows the page again and counts the notes (none of the refused writes landed). */
async function countWhenShown(): Promise<number> {
  transition('pageshow', true);
  return db.notes.count();
}
