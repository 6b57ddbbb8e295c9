// One sync at a time (DESIGN.md): page, sync worker and service worker take the same Web Lock,
// `tideline-sync`, before pushing or pulling. Where Web Locks are missing (Node tests, very old
// browsers) an in-memory mutex serialises the runs of this JavaScript context.
//
// No page holds or waits for the lock past its `pagehide` (leavingPage.ts): WebKit freezes a
// page in its back/forward cache, and a lock it held — or was granted while frozen, having asked
// before it was left — stayed held for good. At `pagehide` a waiting request is withdrawn (the run
// fails with an AbortError and is tried again when the page shows) and a held lock is released,
// the run going on if the page ever resumes: overlapping runs are safe, the server skips
// mutations it already applied.
//
// A wait is never endless either: a request not granted within `waitMs` (a holder frozen or
// stuck some other way) takes the lock with `steal`, the holder's run going on unserialised.
import { leavingPageSignal } from './leavingPage';

export const SYNC_LOCK_NAME = 'tideline-sync';

/** How long a run waits for the lock before taking it from its holder. */
export const SYNC_LOCK_WAIT_MS = 30_000;

export interface SyncLock {
  /** Runs `work` when no other holder of the lock is running, and releases it afterwards. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export interface LockRequestOptions {
  signal?: AbortSignal;
  steal?: boolean;
}

/** The part of the Web Locks API (`navigator.locks`) the sync lock needs. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: LockRequestOptions,
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export class InMemoryLock implements SyncLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Thrown by a wait that outlasted `waitMs`; the lock is then stolen. */
class LockWaitTimeout extends Error {
  override readonly name = 'LockWaitTimeout';
}

export class WebLock implements SyncLock {
  constructor(
    private readonly locks: LockManagerLike,
    private readonly name: string = SYNC_LOCK_NAME,
    /** A signal that aborts when this context is left (a page's `pagehide`). */
    private readonly leaving: () => AbortSignal | undefined = () => undefined,
    private readonly waitMs: number = SYNC_LOCK_WAIT_MS,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    const leaving = this.leaving();
    leaving?.throwIfAborted();
    const waited = new AbortController();
    const timer = setTimeout(
      () => waited.abort(new LockWaitTimeout(`waited ${this.waitMs} ms for ${this.name}`)),
      this.waitMs,
    );
    const signal = leaving ? eitherSignal(leaving, waited.signal) : waited.signal;
    let result: Promise<T> | undefined;
    const hold = async (): Promise<unknown> => {
      clearTimeout(timer);
      result = work();
      // Released when the work settles, or when the page is left, whichever comes first.
      return leaving ? Promise.race([result, aborted(leaving)]) : result;
    };
    try {
      await this.locks.request(this.name, { signal }, hold);
    } catch (error) {
      clearTimeout(timer);
      // Granted: the work's own outcome (the lock may have been stolen from under it).
      if (result !== undefined) return result;
      if (!waited.signal.aborted || leaving?.aborted) throw error;
      console.warn(`Tideline: the sync lock was not released in ${this.waitMs} ms; taking it.`);
      await this.locks.request(this.name, { steal: true }, hold).catch((stolen: unknown) => {
        if (result === undefined) throw stolen;
      });
    }
    return result as Promise<T>;
  }
}

/** A signal that aborts with whichever of `a` and `b` aborts first. */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const both = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) both.abort(signal.reason);
    else signal.addEventListener('abort', () => both.abort(signal.reason), { once: true });
  }
  return both.signal;
}

/** Settles (resolves) once `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

const fallbacks = new Map<string, InMemoryLock>();

/** The Web Lock when this context has `navigator.locks`, else this context's in-memory mutex. */
export function createSyncLock(name: string = SYNC_LOCK_NAME): SyncLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return new WebLock(locks, name, leavingPageSignal);
  let lock = fallbacks.get(name);
  if (!lock) {
    lock = new InMemoryLock();
    fallbacks.set(name, lock);
  }
  return lock;
}
