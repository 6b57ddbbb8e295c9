import { describe, expect, it } from 'vitest';
import { OVERSCAN, ROW_HEIGHT, measureWindow, renderedIndexes } from './listWindow';

describe('listWindow', () => {
  it('renders the rows in view and OVERSCAN beyond each edge, within the list', () => {
    expect(measureWindow(0, 5 * ROW_HEIGHT, 1000)).toEqual({
      start: 0,
      end: 6 + OVERSCAN,
      firstVisible: 0,
    });
    expect(measureWindow(100.5 * ROW_HEIGHT, 5 * ROW_HEIGHT, 1000)).toEqual({
      start: 100 - OVERSCAN,
      end: 106 + OVERSCAN,
      firstVisible: 101,
    });
    expect(measureWindow(995 * ROW_HEIGHT, 5 * ROW_HEIGHT, 1000).end).toBe(1000);
  });

  it('keeps the active row rendered when it has scrolled away', () => {
    expect(renderedIndexes({ start: 10, end: 13 }, 2, 100)).toEqual([10, 11, 12, 2]);
    expect(renderedIndexes({ start: 10, end: 13 }, 11, 100)).toEqual([10, 11, 12]);
  });
});
