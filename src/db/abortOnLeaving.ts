// A page's IndexedDB transactions do not outlive it (see sync/leavingPage.ts): when WebKit puts
// the page in its back/forward cache (`pagehide`, persisted), every transaction the page opened
// and still in flight is aborted, and until the page shows again none may start, so none stays
// open — holding the stores it covers — while the page is frozen. Whatever ran in it fails with
// an AbortError and is done again: a sync run when the page shows again (its mutations stay in
// the outbox), a local write as a failed write the page reports. A page that is unloaded for
// good needs nothing: the browser ends its transactions.
//
// Every transaction of the page counts, not only those Dexie runs for the app: Dexie opens one
// of its own over every store as the database opens (reading the stored schema), and a page
// left at that instant froze it open — a read-only transaction that every later write of the
// profile queued behind (a quick trip to the notebooks list and back, and "Syncing…" for good).
// So the guard wraps `IDBDatabase.prototype.transaction` of the page once.
//
// What no page can do: end a transaction that its IndexedDB server has not yet told it has
// started. WebKit sends a transaction's requests, its commit and its abort only after the page
// has handled the server's "started" message; a page frozen in that window (a few milliseconds,
// most often while a page that has just opened reads its state) holds the transaction on the
// server until WebKit discards the frozen page, and `abort()` here only queues behind the
// message that never arrives. The app then says its storage is not answering (storageStall.ts)
// and opens by itself once the frozen page is gone (closing the tab discards it). The guard
// counts the page's open transactions for whoever must not leave a page mid-transaction (the
// WebKit test driver): `globalThis[Symbol.for('tideline.transactions')]`.
import { onLeavingPage, throwIfPageLeft } from '../sync/leavingPage';

type Transaction = IDBDatabase['transaction'];

/** Where the platform's own `transaction` is kept, so the guard wraps it once per page. */
const NATIVE = Symbol.for('tideline.nativeTransaction');

/** The page's transactions as the guard sees them. */
interface TransactionActivity {
  /** Begun and not yet completed or aborted. */
  readonly open: number;
  /** When the last one began (`Date.now()`), 0 if none has. */
  lastStartedAt: number;
}

/** Where the guard publishes the page's TransactionActivity on `globalThis`. */
const TRANSACTIONS = Symbol.for('tideline.transactions');

/** Installs the guard in this page (nothing in a worker or the service worker: no `pagehide`). */
export function abortTransactionsOnLeaving(): void {
  const Database = (globalThis as { IDBDatabase?: typeof IDBDatabase }).IDBDatabase;
  if (!Database || !('onpagehide' in globalThis)) return;
  const open = new Set<IDBTransaction>();
  const activity: TransactionActivity = {
    get open() {
      return open.size;
    },
    lastStartedAt: 0,
  };
  (globalThis as { [TRANSACTIONS]?: TransactionActivity })[TRANSACTIONS] = activity;
  onLeavingPage(({ persisted }) => {
    if (!persisted) return;
    for (const tx of open) {
      try {
        tx.abort();
      } catch {
        // Already committing or finished.
      }
    }
    open.clear();
  });
  const proto = Database.prototype as IDBDatabase & { [NATIVE]?: Transaction };
  const native = (proto[NATIVE] ??= proto.transaction);
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<Transaction>) {
    throwIfPageLeft();
    const tx = native.apply(this, args);
    open.add(tx);
    activity.lastStartedAt = Date.now();
    const forget = () => open.delete(tx);
    // Only `complete` and `abort` end a transaction: an `error` event also reaches it when one
    // of its requests fails, and a failure that is handled (Dexie handles every one it catches)
    // leaves the transaction running.
    for (const end of ['complete', 'abort'] as const) tx.addEventListener(end, forget);
    return tx;
  } as Transaction;
}
