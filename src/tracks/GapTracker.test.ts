// Gap detection: one gap per loss of positions, with the cause that started it and its times.
import { describe, expect, it } from 'vitest';
import { GapTracker } from './GapTracker';

describe('GapTracker', () => {
  it('records a hidden stretch as one gap from hiding to the next fix', () => {
    const gaps = new GapTracker();
    gaps.fix(1000, 0);
    gaps.fix(2000, 1);
    expect(gaps.openGap('hidden', 2500)).toBe(true);
    // No fix while hidden: the timeout's "no fix" does not start a second gap.
    expect(gaps.openGap('no-fix', 40_000)).toBe(false);
    expect(gaps.fix(60_000, 2)).toBe(true);
    expect(gaps.gaps).toEqual([{ after: 1, from: 2500, to: 60_000, cause: 'hidden' }]);
    expect(gaps.open).toBeUndefined();
  });

  it('keeps each cause apart and closes an open gap at the end', () => {
    const gaps = new GapTracker();
    gaps.openGap('no-fix', 0);
    gaps.fix(5000, 0);
    gaps.openGap('permission', 9000);
    gaps.end(12_000);
    expect(gaps.gaps).toEqual([
      { after: -1, from: 0, to: 5000, cause: 'no-fix' },
      { after: 0, from: 9000, to: 12_000, cause: 'permission' },
    ]);
  });

  it('resumes from saved gaps after a reload', () => {
    const saved = [{ after: 3, from: 100, to: null, cause: 'paused' as const }];
    const gaps = new GapTracker(saved, 3);
    expect(gaps.openGap('closed', 200)).toBe(false);
    gaps.fix(300, 4);
    expect(gaps.gaps).toEqual([{ after: 3, from: 100, to: 300, cause: 'paused' }]);
    expect(saved[0]!.to).toBeNull();
  });
});
