import { describe, expect, it } from 'vitest';
import { describeDue, fromLocalInputValue, toLocalInputValue } from './describeDue';

const at = (day: number, hour: number, minute = 0) =>
  new Date(2026, 11, day, hour, minute).getTime();

describe('describeDue', () => {
  it('says today, tomorrow or the date, and overdue only for a task past its time and not done', () => {
    const now = at(5, 12);
    expect(describeDue(at(5, 17), now, false)).toMatchObject({ overdue: false });
    expect(describeDue(at(5, 17), now, false).text).toMatch(/^Due today /);
    expect(describeDue(at(6, 9), now, false).text).toMatch(/^Due tomorrow /);
    expect(describeDue(at(4, 9), now, false)).toMatchObject({ overdue: true });
    expect(describeDue(at(4, 9), now, false).text).toMatch(/^Due yesterday /);
    expect(describeDue(at(4, 9), now, true)).toMatchObject({ overdue: false });
    expect(describeDue(at(20, 9), now, false).text).toMatch(/^Due .*20/);
    expect(describeDue(now, now, false).overdue).toBe(true);
  });
});

describe('datetime-local values', () => {
  it('round-trips an instant through the input’s value in this time zone', () => {
    const instant = at(24, 17, 30);
    expect(toLocalInputValue(instant)).toBe('2026-12-24T17:30');
    expect(fromLocalInputValue('2026-12-24T17:30')).toBe(instant);
    expect(toLocalInputValue(null)).toBe('');
  });

  it('reads nothing from a value that is not a date and time', () => {
    for (const value of ['', '2026-12-24', 'tomorrow', '2026-12-24 17:30']) {
      expect(fromLocalInputValue(value)).toBeUndefined();
    }
  });
});
