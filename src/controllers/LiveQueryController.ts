// Keeps a Lit element in step with IndexedDB through Dexie's `liveQuery`: the query runs while
// the element is connected and again whenever data it read changes — in this tab, another tab,
// the sync worker or the service worker (Dexie broadcasts its changes between them). When the
// element's inputs change (`deps`), the query is subscribed again; the last value stays on screen
// until the new one arrives, so a filter change does not flash an empty state.
//
// Two modes:
//
//   tracked (default)   the query itself runs inside liveQuery, which records every key it reads
//                       and re-runs it when one of them changes. Right for small reads.
//   watched (`watch`)   a cheap `watch` read runs inside liveQuery, only to learn WHEN to re-run;
//                       the query runs outside it. liveQuery records every primary key an index
//                       read returns, one tree insert each, which for the 100,000 keys of a big
//                       notebook costs far more than the read itself — and it would pay that on
//                       every change. A watched query pays only for the read.
//
//   watch emits ──▶ run query (outside liveQuery) ──▶ value
//        ▲                 │ another emission while running
//        └─────────────────┘ → one more run afterwards (runs never overlap)
import { liveQuery, type Subscription } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface LiveQueryOptions {
  /** A cheap read that observes what the query depends on; see the header. */
  watch?: () => Promise<unknown>;
}

export class LiveQueryController<T> implements ReactiveController {
  /** The latest result; undefined until the first one arrives. */
  value: T | undefined;
  /** The query's failure, if its latest run failed. */
  error: unknown;
  /** True from a (re)subscription until a result or error for the current deps arrives. */
  loading = true;
  private subscription: Subscription | undefined;
  /** Counts subscriptions, so a result from a replaced one is ignored. */
  private generation = 0;
  private lastDeps: readonly unknown[] | undefined;
  private connected = false;
  /** Watched mode: a run is in progress, and whether another was asked for meanwhile. */
  private running = false;
  private runAgain = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly query: () => Promise<T>,
    private readonly deps: () => readonly unknown[] = () => [],
    private readonly options: LiveQueryOptions = {},
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

  private subscribe(): void {
    if (!this.connected) return;
    this.subscription?.unsubscribe();
    this.lastDeps = this.deps();
    this.loading = true;
    const generation = ++this.generation;
    const { watch } = this.options;
    const observer = {
      next: (value: T) => this.accept(generation, value),
      error: (error: unknown) => this.fail(generation, error),
    };
    this.subscription = watch
      ? liveQuery(watch).subscribe({
          next: () => this.runWatched(),
          error: observer.error,
        })
      : liveQuery(this.query).subscribe(observer);
  }

  private runWatched(): void {
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = true;
    const generation = this.generation;
    // A new task, so the query runs outside liveQuery's zone and records nothing.
    setTimeout(() => {
      this.query()
        .then(
          (value) => this.accept(generation, value),
          (error: unknown) => this.fail(generation, error),
        )
        .finally(() => {
          this.running = false;
          if (this.runAgain || generation !== this.generation) {
            this.runAgain = false;
            if (this.connected) this.runWatched();
          }
        });
    }, 0);
  }

  private accept(generation: number, value: T): void {
    if (generation !== this.generation) return;
    this.value = value;
    this.error = undefined;
    this.loading = false;
    this.host.requestUpdate();
  }

  private fail(generation: number, error: unknown): void {
    if (generation !== this.generation) return;
    this.error = error;
    this.loading = false;
    this.host.requestUpdate();
  }
}
