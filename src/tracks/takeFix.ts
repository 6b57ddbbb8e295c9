// What one position from `watchPosition` does to a recording, with no IndexedDB or timers (so it
// is tested with plain values): a position no newer than the last fix is ignored (browsers repeat
// one), an imprecise one is only counted, and a usable one becomes the next fix — it closes an
// open gap and adds the distance from the last fix, unless a gap lies between them (the distance
// is measured along the line only, as trackStats measures it).
import turfDistance from '@turf/distance';
import type { RecordingRow, TrackFixRow } from '../db/db';
import type { GapTracker } from './GapTracker';

/** Fixes less precise than this (metres) are dropped, and counted. */
export const MAX_ACCURACY_M = 50;

export interface Position {
  lat: number;
  lon: number;
  /** When it was measured (ms since the epoch, rounded). */
  t: number;
  ele: number | null;
  acc: number;
}

/** Where the last fix was, and when. */
export interface LastFix {
  lat: number;
  lon: number;
  t: number;
}

export type FixOutcome =
  | { kind: 'stale' }
  | { kind: 'poor'; row: RecordingRow }
  | { kind: 'kept'; row: RecordingRow; fix: TrackFixRow; last: LastFix };

/** The recording after `position`; `gaps` (the recording's) is told of a kept fix. */
export function takeFix(
  row: RecordingRow,
  last: LastFix | undefined,
  gaps: GapTracker,
  { lat, lon, t, ele, acc }: Position,
): FixOutcome {
  if (last && t <= last.t) return { kind: 'stale' };
  if (acc > MAX_ACCURACY_M) return { kind: 'poor', row: { ...row, poorFixes: row.poorFixes + 1 } };
  const index = row.fixes;
  gaps.fix(t, index);
  const joined = last && !row.gaps.some((gap) => gap.after === index - 1);
  const step = joined ? turfDistance([last.lon, last.lat], [lon, lat], { units: 'meters' }) : 0;
  return {
    kind: 'kept',
    row: {
      ...row,
      fixes: index + 1,
      distanceM: row.distanceM + step,
      lastFixAt: t,
      gaps: gaps.gaps,
    },
    fix: { recordingId: row.id, lat, lon, t, ele, acc },
    last: { lat, lon, t },
  };
}
