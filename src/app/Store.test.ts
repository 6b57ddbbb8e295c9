import { describe, expect, it, vi } from 'vitest';
import { Store } from './Store';

describe('Store', () => {
  it('notifies subscribers of changes only, until they unsubscribe', () => {
    const store = new Store({ online: true, n: 1 });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.update({ n: 2 });
    expect(listener).toHaveBeenLastCalledWith({ online: true, n: 2 });
    const same = store.value;
    store.set(same);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.update({ online: false });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.value).toEqual({ online: false, n: 2 });
  });
});
