// One position at a time into a recording: what is kept, counted or ignored, and the distance.
import { describe, expect, it } from 'vitest';
import type { RecordingRow } from '../db/db';
import { GapTracker } from './GapTracker';
import { MAX_ACCURACY_M, takeFix, type Position } from './takeFix';

const row = (patch: Partial<RecordingRow> = {}): RecordingRow => ({
  id: 'rec',
  notebookId: 'nb',
  startedAt: 0,
  state: 'recording',
  gaps: [],
  fixes: 0,
  distanceM: 0,
  lastFixAt: null,
  poorFixes: 0,
  keepScreenOn: false,
  ...patch,
});
const at = (t: number, lat: number, acc = 5): Position => ({ lat, lon: 18, t, ele: null, acc });

describe('takeFix', () => {
  it('keeps a usable fix and adds the distance from the last one', () => {
    const gaps = new GapTracker();
    const first = takeFix(row(), undefined, gaps, at(1000, 59));
    expect(first.kind).toBe('kept');
    if (first.kind !== 'kept') return;
    expect(first.row).toMatchObject({ fixes: 1, distanceM: 0, lastFixAt: 1000 });
    expect(first.fix).toEqual({ recordingId: 'rec', lat: 59, lon: 18, t: 1000, ele: null, acc: 5 });
    // 0.001° of latitude is ~111 m.
    const second = takeFix(first.row, first.last, gaps, at(2000, 59.001));
    if (second.kind !== 'kept') throw new Error(second.kind);
    expect(second.row.fixes).toBe(2);
    expect(second.row.distanceM).toBeGreaterThan(110);
    expect(second.row.distanceM).toBeLessThan(112);
  });

  it('ignores a position no newer than the last fix', () => {
    const last = { lat: 59, lon: 18, t: 2000 };
    expect(takeFix(row({ fixes: 1 }), last, new GapTracker(), at(2000, 59.1)).kind).toBe('stale');
  });

  it('counts an imprecise position without keeping it', () => {
    const taken = takeFix(row({ poorFixes: 2 }), undefined, new GapTracker(), {
      ...at(1000, 59),
      acc: MAX_ACCURACY_M + 1,
    });
    expect(taken).toEqual({ kind: 'poor', row: row({ poorFixes: 3 }) });
  });

  it('closes an open gap and does not measure across it', () => {
    const gaps = new GapTracker([], 0);
    gaps.openGap('hidden', 1500);
    const before = row({ fixes: 1, distanceM: 10, lastFixAt: 1000, gaps: gaps.gaps });
    const taken = takeFix(before, { lat: 59, lon: 18, t: 1000 }, gaps, at(9000, 59.01));
    if (taken.kind !== 'kept') throw new Error(taken.kind);
    expect(taken.row.distanceM).toBe(10);
    expect(taken.row.gaps).toEqual([{ after: 0, from: 1500, to: 9000, cause: 'hidden' }]);
  });
});
