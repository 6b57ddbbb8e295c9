// One sync at a time (DESIGN.md): page, sync worker and service worker take the same Web Lock,
// `tideline-sync`, before pushing or pulling. Where Web Locks are missing (Node tests, very old
// browsers) an in-memory mutex serialises the runs of this JavaScript context.
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
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.locks.request(this.name, () => work());
  }
}

const fallbacks = new Map<string, InMemoryLock>();

/** The Web Lock when this context has `navigator.locks`, else this context's in-memory mutex. */
export function createSyncLock(name: string = SYNC_LOCK_NAME): SyncLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return new WebLock(locks, name);
  let lock = fallbacks.get(name);
  if (!lock) {
    lock = new InMemoryLock();
    fallbacks.set(name, lock);
  }
  return lock;
}
