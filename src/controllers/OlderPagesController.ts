// A list the server hands out a page at a time, newest first, with "Show older" below it: the
// items loaded so far, the cursor of the next older page, and whether a load runs or failed.
// Used by the lists that need the server to list at all (an entry's earlier versions, a
// notebook's recently deleted entries).
//
//   load() ──▶ first page ──▶ items            Show older ──▶ load({ more: true }) ──▶ items + page
//                              nextBefore ─────────────────────────▲  (null: nothing older)
//
// One load at a time: asking again while one runs does nothing.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** What a page of such a list carries. */
export interface OlderPage<T> {
  items: readonly T[];
  /** The cursor for the next older page; null or absent when there is none. */
  nextBefore?: number | null;
}

export interface OlderPagesLoad<P> {
  /** The next older page rather than the first. */
  more?: boolean;
  /** Sees the page before it is shown; false drops it (the list moved on meanwhile). */
  accept?: (page: P) => boolean;
}

export class OlderPagesController<T> implements ReactiveController {
  items: readonly T[] = [];
  nextBefore: number | null = null;
  loading = false;
  /** Why the last load (or an action on an item) failed; empty when it did not. */
  error = '';
  /** Bumped by reset(): a load begun before it is dropped when it arrives. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The sentence shown when a page could not be loaded. */
    private readonly describeFailure: (error: unknown) => string,
  ) {
    host.addController(this);
  }

  /** Nothing to start on connecting: pages load when the element asks. */
  hostConnected(): void {}

  /** Loads the first page (or, `more`, the next older one) with `fetchPage`. */
  async load<P extends OlderPage<T>>(
    fetchPage: (before: number | undefined) => Promise<P>,
    { more = false, accept = () => true }: OlderPagesLoad<P> = {},
  ): Promise<void> {
    if (this.loading) return;
    const generation = this.generation;
    this._set({ loading: true, error: '' });
    try {
      const page = await fetchPage(more ? (this.nextBefore ?? undefined) : undefined);
      if (generation !== this.generation || !accept(page)) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.nextBefore = page.nextBefore ?? null;
    } catch (error) {
      if (generation === this.generation) this.error = this.describeFailure(error);
    } finally {
      if (generation === this.generation) this._set({ loading: false });
    }
  }

  /**
   * Starts over for another list (another notebook's): no items, no older page to show, no
   * error, and a load still on its way is dropped when it arrives.
   */
  reset(): void {
    this.generation += 1;
    this._set({ items: [], nextBefore: null, error: '', loading: false });
  }

  /** Shows `items` instead (an item restored, the list for another notebook). */
  setItems(items: readonly T[]): void {
    this._set({ items });
  }

  showError(message: string): void {
    this._set({ error: message });
  }

  /** "Show older", while there is an older page. */
  renderShowOlder(onClick: () => void) {
    return this.nextBefore !== null
      ? html`<button type="button" class="secondary" ?disabled=${this.loading} @click=${onClick}>
          Show older
        </button>`
      : nothing;
  }

  private _set(changes: Partial<Pick<this, 'items' | 'nextBefore' | 'loading' | 'error'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }
}
