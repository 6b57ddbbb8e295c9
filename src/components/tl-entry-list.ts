import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { getDb, type EntryRow } from '../db/db';
import { LocalWriteError, QUOTA_MESSAGE, isQuotaError } from '../sync/errors';
import type { LocalWrite } from '../sync/LocalWrites';
import { putEntry } from '../sync/mutate';
import { WindowRowsController } from '../controllers/WindowRowsController';
import { DrawnWrites } from './DrawnWrites';
import { entryLink, entryTick } from './entryLink';
import {
  KEY_STEPS,
  PHONE_QUERY,
  PHONE_ROW_HEIGHT,
  ROW_HEIGHT,
  measureWindow,
  renderedIndexes,
} from './listWindow';
import { entryListStyles } from './tl-entry-list.styles';

export { OVERSCAN, ROW_HEIGHT } from './listWindow';

/** Due times are measured against a clock that moves on each minute ("Overdue" appears). */
const CLOCK_MS = 60_000;

/** Where each notebook's list was scrolled to, so coming back from an entry returns there. */
const scrollPositions = new Map<string, { scrollTop: number; activeIndex: number }>();

/**
 * A virtualized list of a notebook's entries. It is handed the ordered ids of every matching
 * entry (cheap: index keys only) and renders just the rows in view plus OVERSCAN on each side,
 * absolutely placed inside a spacer as tall as all rows together (listWindow.ts); the rows' data
 * comes from a live query over the ids of that window alone, re-subscribed as the window moves
 * (WindowRowsController). So 100,000
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
 *
 * Each row's checkbox ticks the task done (or not) with the same local write as the editor's
 * Done box: on this device at once, to the server and teammates when the outbox is delivered.
 *
 * (Over 300 lines: the window arithmetic and the window's live rows already live apart; what is
 * left — scrolling, the row height a phone uses, keyboard movement and focus — all reads and
 * moves the same viewport and active row, and split up would pass them back and forth.)
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
  /** The person may not change the notebook (a viewer): the checkboxes only show the state. */
  @property({ type: Boolean }) readOnly = false;

  /** The time due times are shown against. */
  @state() private now = Date.now();
  /** Why the last tick could not be saved on this device. */
  @state() private tickError = '';
  private clock: ReturnType<typeof setInterval> | undefined;

  @state() private start = 0;
  @state() private end = 0;
  private readonly windowRows = new WindowRowsController(this, () => (this.rowsArrived = true));
  /** A read of the window's rows arrived since the last update. */
  private rowsArrived = false;
  /** The writes drawn over `rows`: those handed in and not yet in a read of the rows. */
  private readonly drawn = new DrawnWrites();
  /** The row in the Tab order, and the one the arrow keys move from. */
  @state() private activeIndex = 0;
  @query('.viewport') private viewport!: HTMLElement;

  private frame = 0;
  /** The first row fully in view (the Tab stop when the active row has scrolled away). */
  private firstVisible = 0;
  /** A row focused by the keyboard before its data arrived: its link takes focus on arrival. */
  private pendingFocus: number | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private readonly phone = window.matchMedia(PHONE_QUERY);
  /** The height of every row at the window's current width. */
  @state() private rowHeight = this._rowHeightNow();

  static override styles = entryListStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this._measure());
    this.phone.addEventListener('change', this._onWidthChange);
    this.clock = setInterval(() => (this.now = Date.now()), CLOCK_MS);
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
    this.phone.removeEventListener('change', this._onWidthChange);
    clearInterval(this.clock);
    cancelAnimationFrame(this.frame);
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
    if (changed.has('writes') || this.rowsArrived) {
      this.rowsArrived = false;
      this.drawn.update(this.writes, this.notebookId, this.windowRows.stamp);
    }
    if (changed.has('ids')) {
      this.activeIndex = Math.min(this.activeIndex, Math.max(0, this.ids.length - 1));
      if (this.viewport) this._measure();
    }
  }

  protected override updated(): void {
    this.windowRows.follow(
      this._renderedIndexes()
        .map((index) => this.ids[index])
        .filter((id): id is string => id !== undefined),
    );
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
    return this.drawn.row(id, this.windowRows.rows.get(id));
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
    const { start, end } = this;
    return renderedIndexes({ start, end }, this.activeIndex, this.ids.length);
  }

  private _rowHeightNow(): number {
    return this.phone.matches ? PHONE_ROW_HEIGHT : ROW_HEIGHT;
  }

  /** A phone turned, a window resized across the phone width: the rows change height. */
  private readonly _onWidthChange = (): void => {
    this.rowHeight = this._rowHeightNow();
    this._measure();
  };

  /** Works out which rows the viewport shows; cheap enough to run on every scroll frame. */
  private _measure(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const shown = measureWindow(
      viewport.scrollTop,
      viewport.clientHeight,
      this.ids.length,
      this.rowHeight,
    );
    this.firstVisible = shown.firstVisible;
    if (shown.start !== this.start) this.start = shown.start;
    if (shown.end !== this.end) this.end = shown.end;
  }

  override render() {
    const total = this.ids.length;
    const inWindow = this.activeIndex >= this.start && this.activeIndex < this.end;
    const tabbable = inWindow ? this.activeIndex : Math.max(0, this.firstVisible);
    return html`${
        this.tickError
          ? html`<p class="tick-error" role="alert" data-testid="tick-error">${this.tickError}</p>`
          : ''
      }
      <p class="hint" id="hint">
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
        @change=${this._onTick}
      >
        <div class="spacer" style=${styleMap({ height: `${total * this.rowHeight}px` })}>
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
    const row = this.drawn.row(id, this.windowRows.rows.get(id));
    // One template for loaded and loading rows, so a row that arrives keeps its element (and
    // any focus it holds).
    return html`<div
      class="row"
      role="listitem"
      style=${styleMap({
        height: `${this.rowHeight}px`,
        transform: `translateY(${index * this.rowHeight}px)`,
      })}
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
          ? html`${entryTick(row, this._linkOptions(tabbable))}${entryLink(
              row,
              this.notebookId,
              this._linkOptions(tabbable),
            )}`
          : html`<div class="placeholder">Loading…</div>`
      }
    </div>`;
  }

  private _linkOptions(tabbable: boolean) {
    return { tabbable, readOnly: this.readOnly, now: this.now };
  }

  /** A row's checkbox changed: the task is ticked done (or not) on this device. */
  private async _onTick(event: Event): Promise<void> {
    const box = event.target as HTMLInputElement;
    if (!box.classList.contains('tick')) return;
    const id = box.closest<HTMLElement>('[data-entry-id]')?.dataset.entryId;
    if (!id || this.readOnly) return;
    const done = box.checked;
    this.tickError = '';
    try {
      await putEntry(getDb(), this.notebookId, id, { done });
    } catch (error) {
      // Nothing was written: the box shows the stored state again, and why.
      box.checked = !done;
      const reason = isQuotaError(error)
        ? QUOTA_MESSAGE
        : error instanceof LocalWriteError
          ? error.message
          : String(error);
      this.tickError = `Could not mark this entry ${done ? 'done' : 'not done'}: ${reason}`;
    }
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
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
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
    const top = index * this.rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + this.rowHeight > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = top + this.rowHeight - viewport.clientHeight;
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
