// A minimal observable value: the shell's shared state (connectivity, service-worker status)
// lives in stores that elements subscribe to through StoreController.
type Listener<T> = (value: T) => void;

export class Store<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private current: T) {}

  get value(): T {
    return this.current;
  }

  set(next: T): void {
    if (Object.is(next, this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  update(patch: Partial<T>): void {
    this.set({ ...this.current, ...patch });
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
