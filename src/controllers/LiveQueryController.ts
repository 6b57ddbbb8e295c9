// Keeps a Lit element in step with a Dexie `liveQuery`: the query runs while the element is
// connected and re-runs whenever IndexedDB data it read changes — in this tab, another tab, the
// sync worker or the service worker (Dexie broadcasts its changes between them). When the
// element's inputs change (`deps`), the query is subscribed again; the last value stays on screen
// until the new one arrives, so a filter change does not flash an empty state.
import { liveQuery, type Subscription } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class LiveQueryController<T> implements ReactiveController {
  /** The latest result; undefined until the first one arrives. */
  value: T | undefined;
  /** The query's failure, if its latest run failed. */
  error: unknown;
  /** True from the first subscription until a result (or error) for the current deps arrives. */
  loading = true;
  private subscription: Subscription | undefined;
  /** Counts subscriptions, so a result from a replaced one is ignored. */
  private generation = 0;
  private lastDeps: readonly unknown[] | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly query: () => Promise<T>,
    private readonly deps: () => readonly unknown[] = () => [],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostUpdate(): void {
    const next = this.deps();
    if (!this.lastDeps || next.some((dep, index) => !Object.is(dep, this.lastDeps?.[index]))) {
      this.subscribe();
    }
  }

  hostDisconnected(): void {
    this.connected = false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.generation += 1;
    this.lastDeps = undefined;
  }

  /** Runs the query again from scratch (after a change Dexie cannot observe, such as a retry). */
  refresh(): void {
    this.subscribe();
  }

  private subscribe(): void {
    if (!this.connected) return;
    this.subscription?.unsubscribe();
    this.lastDeps = this.deps();
    this.loading = true;
    const generation = ++this.generation;
    this.subscription = liveQuery(this.query).subscribe({
      next: (value) => {
        if (generation !== this.generation) return;
        this.value = value;
        this.error = undefined;
        this.loading = false;
        this.host.requestUpdate();
      },
      error: (error: unknown) => {
        if (generation !== this.generation) return;
        this.error = error;
        this.loading = false;
        this.host.requestUpdate();
      },
    });
  }
}
