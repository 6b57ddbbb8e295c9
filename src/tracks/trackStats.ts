// What a track amounts to: distance, duration, moving time, elevation gain, start and end, and
// its gaps by cause. Distances are geodesic (@turf/length, @turf/distance) and measured along
// each continuous stretch only — what happened inside a gap is not known, so it is not counted.
import turfDistance from '@turf/distance';
import { lineString } from '@turf/helpers';
import turfLength from '@turf/length';
import type { GapCause, TrackGap } from '../protocol/track';
import type { TrackPoint } from '../protocol/trackCodec';
import { trackRuns } from './trackRuns';

/** Slower than this between two fixes counts as standing still (GPS jitter is ~0.3 m/s). */
export const MOVING_SPEED_MPS = 0.5;
/** Fixes further apart in time than this are not "moving" between them, whatever the speed. */
export const MOVING_MAX_INTERVAL_MS = 60_000;
/** A climb counts once it rises this far above the last low, so altimeter noise adds nothing. */
export const CLIMB_THRESHOLD_M = 3;

export interface TrackStats {
  fixes: number;
  distanceM: number;
  /** First to last fix (null without times). */
  durationMs: number | null;
  movingMs: number | null;
  /** Null where no fix has an elevation. */
  elevationGainM: number | null;
  start: TrackPoint | null;
  end: TrackPoint | null;
  gaps: { count: number; totalMs: number; byCause: Partial<Record<GapCause, number>> };
}

function runLengthM(run: readonly TrackPoint[]): number {
  if (run.length < 2) return 0;
  return turfLength(lineString(run.map((p) => [p.lon, p.lat])), { units: 'meters' });
}

function movingMs(run: readonly TrackPoint[]): number {
  let total = 0;
  for (let i = 1; i < run.length; i++) {
    const a = run[i - 1]!;
    const b = run[i]!;
    if (a.t === null || b.t === null) continue;
    const dt = b.t - a.t;
    if (dt <= 0 || dt > MOVING_MAX_INTERVAL_MS) continue;
    const metres = turfDistance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
    if (metres / (dt / 1000) >= MOVING_SPEED_MPS) total += dt;
  }
  return total;
}

/** Total climb with a dead band: rises count once they pass CLIMB_THRESHOLD_M above a low. */
function elevationGain(run: readonly TrackPoint[]): number {
  let gain = 0;
  let low: number | null = null;
  for (const { ele } of run) {
    if (ele === null) continue;
    if (low === null || ele < low) low = ele;
    else if (ele - low >= CLIMB_THRESHOLD_M) {
      gain += ele - low;
      low = ele;
    }
  }
  return gain;
}

export function trackStats(points: readonly TrackPoint[], gaps: readonly TrackGap[]): TrackStats {
  const runs = trackRuns(points, gaps);
  const timed = points.filter((p) => p.t !== null);
  const first = timed[0];
  const last = timed.at(-1);
  const byCause: Partial<Record<GapCause, number>> = {};
  let totalMs = 0;
  for (const gap of gaps) {
    byCause[gap.cause] = (byCause[gap.cause] ?? 0) + 1;
    if (gap.from !== null && gap.to !== null && gap.to > gap.from) totalMs += gap.to - gap.from;
  }
  return {
    fixes: points.length,
    distanceM: runs.reduce((sum, run) => sum + runLengthM(run), 0),
    durationMs: first && last ? last.t! - first.t! : null,
    movingMs: timed.length > 1 ? runs.reduce((sum, run) => sum + movingMs(run), 0) : null,
    elevationGainM: points.some((p) => p.ele !== null)
      ? runs.reduce((sum, run) => sum + elevationGain(run), 0)
      : null,
    start: points[0] ?? null,
    end: points.at(-1) ?? null,
    gaps: { count: gaps.length, totalMs, byCause },
  };
}
