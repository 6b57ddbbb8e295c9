import { liveQuery, type Subscription } from 'dexie';
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { getDb, type EntryRow } from '../db/db';
import { localWrites, type LocalWrite } from '../sync/LocalWrites';
import { DrawnWrites } from './DrawnWrites';
import { entryLink, entryLinkStyles } from './entryLink';
import { visuallyHiddenRule } from '../styles/shared';

/** Every row is this tall, so row i sits at i × ROW_HEIGHT and no row needs measuring. */
export const ROW_HEIGHT = 72;
/** Rows rendered beyond each edge of the viewport, so scrolling and Tab never meet a gap. */
export const OVERSCAN = 6;

const KEY_STEPS: Record<string, (index: number, page: number, last: number) => number> = {
  ArrowDown: (index) => index + 1,
  ArrowUp: (index) => index - 1,
  PageDown: (index, page) => index + page,
  PageUp: (index, page) => index - page,
  Home: () => 0,
  End: (_index, _page, last) => last,
};

/** Where each notebook's list was scrolled to, so coming back from an entry returns there. */
const scrollPositions = new Map<string, { scrollTop: number; activeIndex: number }>();

/**
 * A virtualized list of a notebook's entries. It is handed the ordered ids of every matching
 * entry (cheap: index keys only) and renders just the rows in view plus OVERSCAN on each side,
 * absolutely placed inside a spacer as tall as all rows together; the rows' data comes from a
 * live query over the ids of that window alone, re-subscribed as the window moves. So 100,000
 * entries cost one array of ids and a few dozen elements, and a row changed anywhere (another
 * tab, the sync worker) re-renders in place.
 *
 * This page's writes in flight (`writes`, with `ids` already placing them) are drawn over the
 * rows read, so a write shows in the next frame; each stays drawn until a read of the window
 * that started after its commit has its row, so the row does not flicker back in between.
 *
 * Keyboard: one row is in the Tab order (roving tabindex); arrow keys, Page Up/Down, Home and
 * End move between rows, scrolling them into view. The focused row stays rendered even when
 * scrolled away, so focus is never lost to the document.
 */
@customElement('tl-entry-list')
export class TlEntryList extends LitElement {
  /** The ids of the entries to show, in display order. */
  @property({ attribute: false }) ids: readonly string[] = [];
  @property() notebookId = '';
  /** The list's accessible name. */
  @property() label = 'Entries';
  /** This page's writes to the notebook's entries not yet in IndexedDB's answers (see above). */
  @property({ attribute: false }) writes: readonly LocalWrite[] = [];

  @state() private start = 0;
  @state() private end = 0;
  @state() private rows = new Map<string, EntryRow>();
  /** `localWrites.stamp` when the read behind `rows` started (-1: no read yet). */
  private rowsStamp = -1;
  /** The writes drawn over `rows`: those handed in and not yet in a read of the rows. */
  private readonly drawn = new DrawnWrites();
  /** The row in the Tab order, and the one the arrow keys move from. */
  @state() private activeIndex = 0;
  @query('.viewport') private viewport!: HTMLElement;

  private subscription: Subscription | undefined;
  private subscribedKey = '';
  private frame = 0;
  /** The first row fully in view (the Tab stop when the active row has scrolled away). */
  private firstVisible = 0;
  /** A row focused by the keyboard before its data arrived: its link takes focus on arrival. */
  private pendingFocus: number | undefined;
  private resizeObserver: ResizeObserver | undefined;

  static override styles = [
    entryLinkStyles,
    css`
      :host {
        display: block;
      }
      .viewport {
        position: relative;
        overflow-y: auto;
        /* As tall as the rows, up to what the window leaves room for. */
        max-height: max(18rem, calc(100vh - 22rem));
        border: 1px solid var(--tl-border);
        border-radius: var(--tl-radius);
        background: var(--tl-surface);
        overscroll-behavior: contain;
      }
      .spacer {
        position: relative;
        width: 100%;
      }
      .row {
        position: absolute;
        top: 0;
        left: 0;
        right: 0;
        height: ${ROW_HEIGHT}px;
        border-bottom: 1px solid var(--tl-border);
        contain: strict;
      }
      .placeholder {
        padding: 0.9rem;
        color: var(--tl-muted);
      }
      .hint {
        ${visuallyHiddenRule}
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this._measure());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.viewport) {
      scrollPositions.set(this.notebookId, {
        scrollTop: this.viewport.scrollTop,
        activeIndex: this.activeIndex,
      });
    }
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.frame);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.subscribedKey = '';
  }

  protected override firstUpdated(): void {
    this.resizeObserver?.observe(this.viewport);
    const saved = scrollPositions.get(this.notebookId);
    if (saved) {
      this.viewport.scrollTop = saved.scrollTop;
      this.activeIndex = Math.min(saved.activeIndex, Math.max(0, this.ids.length - 1));
    }
    this._measure();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('writes') || changed.has('rows')) {
      this.drawn.update(this.writes, this.notebookId, this.rowsStamp);
    }
    if (changed.has('ids')) {
      this.activeIndex = Math.min(this.activeIndex, Math.max(0, this.ids.length - 1));
      if (this.viewport) this._measure();
    }
  }

  protected override updated(): void {
    this._subscribeWindow();
    if (this.pendingFocus !== undefined) {
      const link = this._linkAt(this.pendingFocus);
      if (link) {
        this.pendingFocus = undefined;
        link.focus();
      }
    }
  }

  /** The entry as drawn (read, with the writes in flight drawn over it), if it is among the
   *  rows in memory (the window's). */
  shownRow(id: string): EntryRow | undefined {
    return this.drawn.row(id, this.rows.get(id));
  }

  /** Back to the first row (after the filters change, say), and forget the saved position. */
  scrollToTop(): void {
    scrollPositions.delete(this.notebookId);
    if (this.viewport) this.viewport.scrollTop = 0;
    this.activeIndex = 0;
    this._measure();
  }

  /** The indexes rendered: the window, plus the active row wherever it is. */
  private _renderedIndexes(): number[] {
    const indexes: number[] = [];
    for (let index = this.start; index < this.end; index++) indexes.push(index);
    const active = this.activeIndex;
    if (active < this.ids.length && (active < this.start || active >= this.end)) {
      indexes.push(active);
    }
    return indexes;
  }

  /** Works out which rows the viewport shows; cheap enough to run on every scroll frame. */
  private _measure(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const first = Math.floor(viewport.scrollTop / ROW_HEIGHT);
    this.firstVisible = Math.min(Math.ceil(viewport.scrollTop / ROW_HEIGHT), this.ids.length - 1);
    const visible = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 1;
    const start = Math.max(0, first - OVERSCAN);
    const end = Math.min(this.ids.length, first + visible + OVERSCAN);
    if (start !== this.start) this.start = start;
    if (end !== this.end) this.end = end;
  }

  /** Follows the rows of the current window; a new window gets a new live query. */
  private _subscribeWindow(): void {
    const ids = this._renderedIndexes()
      .map((index) => this.ids[index])
      .filter((id): id is string => id !== undefined);
    const key = ids.join(',');
    if (key === this.subscribedKey) return;
    this.subscribedKey = key;
    this.subscription?.unsubscribe();
    const db = getDb();
    // The stamp is noted as each run of the query starts: the writes committed by then are in
    // what it reads.
    this.subscription = liveQuery(() => {
      const stamp = localWrites.stamp;
      return db.entries.bulkGet(ids).then((rows) => ({ rows, stamp }));
    }).subscribe({
      next: ({ rows, stamp }) => {
        if (this.subscribedKey !== key) return;
        const next = new Map<string, EntryRow>();
        for (const row of rows) if (row) next.set(row.id, row);
        this.rowsStamp = Math.max(this.rowsStamp, stamp);
        this.rows = next;
      },
      error: (error: unknown) => console.error('Entry list query failed', error),
    });
  }

  override render() {
    const total = this.ids.length;
    const inWindow = this.activeIndex >= this.start && this.activeIndex < this.end;
    const tabbable = inWindow ? this.activeIndex : Math.max(0, this.firstVisible);
    return html`<p class="hint" id="hint">
        ${total} entries. Use the arrow keys, Page Up, Page Down, Home and End to move between them.
      </p>
      <div
        class="viewport"
        role="list"
        aria-label=${this.label}
        aria-describedby="hint"
        data-testid="entry-list"
        data-total=${total}
        @scroll=${this._onScroll}
        @keydown=${this._onKeyDown}
        @focusin=${this._onFocusIn}
      >
        <div class="spacer" style=${styleMap({ height: `${total * ROW_HEIGHT}px` })}>
          ${repeat(
            this._renderedIndexes(),
            (index) => this.ids[index],
            (index) => this._renderRow(index, total, index === tabbable),
          )}
        </div>
      </div>`;
  }

  private _renderRow(index: number, total: number, tabbable: boolean) {
    const id = this.ids[index] ?? '';
    const row = this.drawn.row(id, this.rows.get(id));
    // One template for loaded and loading rows, so a row that arrives keeps its element (and
    // any focus it holds).
    return html`<div
      class="row"
      role="listitem"
      style=${styleMap({ transform: `translateY(${index * ROW_HEIGHT}px)` })}
      aria-setsize=${total}
      aria-posinset=${index + 1}
      aria-busy=${row ? 'false' : 'true'}
      data-index=${index}
      data-testid="entry-row"
      data-entry-id=${id}
      data-pending=${row && row.pending > 0 ? 'true' : 'false'}
      data-conflicted=${row?.conflicted ? 'true' : 'false'}
    >
      ${
        row
          ? entryLink(row, this.notebookId, tabbable)
          : html`<div class="placeholder">Loading…</div>`
      }
    </div>`;
  }

  private _onScroll(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this._measure();
    });
  }

  private _onFocusIn(event: FocusEvent): void {
    const index = this._indexOf(event);
    if (index !== undefined) this.activeIndex = index;
  }

  private _onKeyDown(event: KeyboardEvent): void {
    const step = KEY_STEPS[event.key];
    const from = this._indexOf(event);
    if (!step || from === undefined || this.ids.length === 0) return;
    event.preventDefault();
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const last = this.ids.length - 1;
    void this._focusIndex(Math.max(0, Math.min(last, step(from, page, last))));
  }

  private _indexOf(event: Event): number | undefined {
    for (const node of event.composedPath()) {
      if (node instanceof HTMLElement && node.dataset.index !== undefined) {
        return Number(node.dataset.index);
      }
      if (node === this.viewport) break;
    }
    return undefined;
  }

  /** Scrolls row `index` into view, renders it, and focuses its link. */
  private async _focusIndex(index: number): Promise<void> {
    const viewport = this.viewport;
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
    }
    this.activeIndex = index;
    this._measure();
    await this.updateComplete;
    const link = this._linkAt(index);
    // A row whose data is still loading gets focus in updated() once it arrives.
    if (link) link.focus();
    else this.pendingFocus = index;
  }

  private _linkAt(index: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"] a`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-list': TlEntryList;
  }
}
