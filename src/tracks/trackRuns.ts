// A track's continuous stretches: the fixes between its gaps. Everything that measures or
// draws a track goes through this, so a gap is never bridged by a straight line that pretends
// the person walked it.
import type { TrackGap } from '../protocol/track';
import type { TrackPoint } from '../protocol/trackCodec';

/** The fixes of each stretch, in order; a gap after fix i ends a stretch at i. */
export function trackRuns(
  points: readonly TrackPoint[],
  gaps: readonly TrackGap[],
): TrackPoint[][] {
  const breaks = new Set<number>();
  for (const gap of gaps)
    if (gap.after >= 0 && gap.after < points.length - 1) breaks.add(gap.after);
  const runs: TrackPoint[][] = [];
  let run: TrackPoint[] = [];
  for (let i = 0; i < points.length; i++) {
    run.push(points[i]!);
    if (breaks.has(i)) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
