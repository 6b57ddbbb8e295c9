// The arithmetic of the entry list's window: which rows a scroll position shows, and where each
// navigation key moves. Every row is ROW_HEIGHT tall, so row i sits at i × ROW_HEIGHT and no row
// needs measuring.

export const ROW_HEIGHT = 72;
/** On a phone a row holds the title and one line under it (see entryLink), so eight or more
 *  rows fit the screen under the notebook's heading and search. */
export const PHONE_ROW_HEIGHT = 56;
/** Where rows are PHONE_ROW_HEIGHT tall (entryLink's phone layout starts there too). */
export const PHONE_QUERY = '(max-width: 30rem)';
/** Rows rendered beyond each edge of the viewport, so scrolling and Tab never meet a gap. */
export const OVERSCAN = 6;

/** Where each key moves the active row, given the rows a page holds and the last index. */
export const KEY_STEPS: Record<string, (index: number, page: number, last: number) => number> = {
  ArrowDown: (index) => index + 1,
  ArrowUp: (index) => index - 1,
  PageDown: (index, page) => index + page,
  PageUp: (index, page) => index - page,
  Home: () => 0,
  End: (_index, _page, last) => last,
};

export interface ListWindow {
  /** The rows rendered: [start, end). */
  start: number;
  end: number;
  /** The first row fully in view. */
  firstVisible: number;
}

export function measureWindow(
  scrollTop: number,
  clientHeight: number,
  total: number,
  rowHeight = ROW_HEIGHT,
): ListWindow {
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil(clientHeight / rowHeight) + 1;
  return {
    start: Math.max(0, first - OVERSCAN),
    end: Math.min(total, first + visible + OVERSCAN),
    firstVisible: Math.min(Math.ceil(scrollTop / rowHeight), total - 1),
  };
}

/** The indexes rendered: the window, plus the active row wherever it is. */
export function renderedIndexes(
  { start, end }: Pick<ListWindow, 'start' | 'end'>,
  active: number,
  total: number,
): number[] {
  const indexes: number[] = [];
  for (let index = start; index < end; index++) indexes.push(index);
  if (active < total && (active < start || active >= end)) indexes.push(active);
  return indexes;
}
