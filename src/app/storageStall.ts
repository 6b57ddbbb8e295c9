// A database that does not answer: WebKit has left IndexedDB blocked for the rest of a session
// when a page was frozen or torn down in the middle of a transaction. The app's first read goes
// through `readWithStallGuard`: if it has not finished after a few seconds the connection is
// closed and opened again and the read retried; if that does not answer either, the shell stops
// saying "Opening Tideline…" and tells the person to reload (the stalled reads keep waiting, so
// an answer that comes late still opens the app). The database is handed in, so the shell can
// watch the store without loading Dexie.
import { Store } from './Store';

/** How long a first read may take before the database counts as stalled. */
export const STORAGE_STALL_MS = 6000;

/** True while the app's storage is stalled, after one reopen. */
export const storageStallStore = new Store<boolean>(false);

const delay = (ms: number) => new Promise<'late'>((done) => setTimeout(() => done('late'), ms));

async function answersWithin<T>(reads: Promise<T>[], ms: number): Promise<boolean> {
  const answered = Promise.any(reads).then(
    () => 'answered' as const,
    () => 'answered' as const,
  );
  return (await Promise.race([answered, delay(ms)])) === 'answered';
}

/** The database connection the guard closes and opens again. */
export interface Reopenable {
  close(): void;
  open(): Promise<unknown>;
}

export async function readWithStallGuard<T>(db: Reopenable, read: () => Promise<T>): Promise<T> {
  const reads = [read()];
  if (!(await answersWithin(reads, STORAGE_STALL_MS))) {
    if (import.meta.env.DEV) console.warn('Storage stalled; reopening the database');
    db.close();
    await db.open().catch(() => undefined);
    reads.push(read());
    if (!(await answersWithin(reads, STORAGE_STALL_MS))) storageStallStore.set(true);
  }
  try {
    return await Promise.any(reads);
  } catch (error) {
    throw error instanceof AggregateError ? error.errors.at(-1) : error;
  } finally {
    storageStallStore.set(false);
  }
}
