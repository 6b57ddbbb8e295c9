import { describe, expect, it } from 'vitest';
import { WebLock, type LockManagerLike, type LockRequestOptions } from './SyncLock';

/** One exclusive lock with the parts of Web Locks the sync lock uses: signal and steal. */
class FakeLocks implements LockManagerLike {
  holder: symbol | undefined;
  private queue: (() => void)[] = [];

  request<T>(
    _name: string,
    options: LockRequestOptions,
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = Symbol('request');
      const grant = () => {
        this.holder = id;
        void callback(id)
          .then(resolve, reject)
          .finally(() => {
            if (this.holder !== id) return;
            this.holder = undefined;
            this.queue.shift()?.();
          });
      };
      if (options.steal || this.holder === undefined) {
        grant();
        return;
      }
      this.queue.push(grant);
      options.signal?.addEventListener('abort', () => {
        this.queue = this.queue.filter((waiting) => waiting !== grant);
        reject(options.signal?.reason);
      });
    });
  }
}

const never = () => new Promise<never>(() => undefined);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebLock', () => {
  it('withdraws a waiting request when the page is left, without running its work', async () => {
    const locks = new FakeLocks();
    const leaving = new AbortController();
    const lock = new WebLock(locks, 'sync', () => leaving.signal);
    void lock.run(never);
    let ran = false;
    const waiting = lock.run(async () => {
      ran = true;
    });
    leaving.abort(new DOMException('left', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(false);
  });

  it('releases a held lock when the page is left, the work going on', async () => {
    const locks = new FakeLocks();
    const leaving = new AbortController();
    const lock = new WebLock(locks, 'sync', () => leaving.signal);
    let finish: (value: string) => void = () => undefined;
    const run = lock.run(() => new Promise<string>((resolve) => (finish = resolve)));
    await tick();
    expect(locks.holder).toBeDefined();
    leaving.abort();
    await tick();
    expect(locks.holder).toBeUndefined();
    finish('done');
    await expect(run).resolves.toBe('done');
  });

  it('takes the lock from a holder that never lets go, after waiting', async () => {
    const locks = new FakeLocks();
    const stuck = new WebLock(locks, 'sync', () => undefined, 20);
    void stuck.run(never);
    const next = new WebLock(locks, 'sync', () => undefined, 20);
    await expect(next.run(async () => 'ran')).resolves.toBe('ran');
  });

  it('runs in turn while the holder is working', async () => {
    const locks = new FakeLocks();
    const lock = new WebLock(locks, 'sync', () => undefined, 1000);
    const order: string[] = [];
    const first = lock.run(async () => {
      await tick();
      order.push('first');
    });
    const second = lock.run(async () => {
      order.push('second');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
