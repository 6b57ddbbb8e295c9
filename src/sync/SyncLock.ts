// One sync at a time (DESIGN.md): page, sync worker and service worker take the same Web Lock,
// `tideline-sync`, before pushing or pulling. Where Web Locks are missing (Node tests, very old
// browsers) an in-memory mutex serialises the runs of this JavaScript context.
//
// A page lets the lock go when it is hidden for navigation (`pagehide`), even with its run still
// in flight: WebKit keeps a page it puts in the back/forward cache frozen, and a lock it held
// stayed held for good — every later page of the profile waited on "Syncing…" forever. The run
// itself is safe to overlap: the server skips mutations it already applied.
export const SYNC_LOCK_NAME = 'tideline-sync';

export interface SyncLock {
  /** Runs `work` when no other holder of the lock is running, and releases it afterwards. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** The part of the Web Locks API (`navigator.locks`) the sync lock needs. */
export interface LockManagerLike {
  request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

export class InMemoryLock implements SyncLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class WebLock implements SyncLock {
  constructor(
    private readonly locks: LockManagerLike,
    private readonly name: string = SYNC_LOCK_NAME,
    /** Resolves when this context is going away; the lock is released then, work or not. */
    private readonly leaving?: () => Promise<void>,
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    let result: Promise<T> | undefined;
    const held = this.locks.request(this.name, () => {
      result = work();
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      return this.leaving ? Promise.race([settled, this.leaving()]) : settled;
    });
    return held.then(() => result as Promise<T>);
  }
}

let leavingPage: Promise<void> | undefined;

/** In a page: a promise that resolves at the next `pagehide` (a new one after `pageshow`). */
function pageLeaving(): (() => Promise<void>) | undefined {
  const scope = globalThis as {
    addEventListener?: (type: string, listener: () => void) => void;
    onpagehide?: unknown;
  };
  if (!('onpagehide' in scope) || !scope.addEventListener) return undefined;
  const add = scope.addEventListener.bind(scope);
  let resolve: () => void = () => undefined;
  const arm = () => {
    leavingPage = new Promise<void>((done) => (resolve = done));
  };
  if (!leavingPage) {
    arm();
    add('pagehide', () => resolve());
    add('pageshow', () => arm());
  }
  return () => leavingPage ?? Promise.resolve();
}

const fallbacks = new Map<string, InMemoryLock>();

/** The Web Lock when this context has `navigator.locks`, else this context's in-memory mutex. */
export function createSyncLock(name: string = SYNC_LOCK_NAME): SyncLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return new WebLock(locks, name, pageLeaving());
  let lock = fallbacks.get(name);
  if (!lock) {
    lock = new InMemoryLock();
    fallbacks.set(name, lock);
  }
  return lock;
}
