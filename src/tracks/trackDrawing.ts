// A track as a picture with no map tiles (so it works offline): each continuous stretch as one
// SVG path scaled to fit, start and end markers, a tick every "nice" distance, and the two ends
// of every gap marked — the line is never drawn across a gap. Long tracks are simplified for
// drawing only (@turf/simplify, to half a drawn pixel); the stored track keeps every fix.
import turfDistance from '@turf/distance';
import { lineString } from '@turf/helpers';
import turfSimplify from '@turf/simplify';
import type { TrackGap } from '../protocol/track';
import type { TrackPoint } from '../protocol/trackCodec';
import { formatDistance } from './describeTrack';
import { trackRuns } from './trackRuns';

export const VIEW_WIDTH = 600;
export const VIEW_HEIGHT = 360;
const PAD = 16;
/** Above this many fixes, stretches are simplified before drawing. */
export const SIMPLIFY_ABOVE = 1500;
const TICK_STEPS = [50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5];
const MAX_TICKS = 10;

export interface Marker {
  x: number;
  y: number;
  label: string;
}

export interface TrackDrawing {
  /** One SVG path `d` per continuous stretch. */
  paths: string[];
  start: Marker | null;
  end: Marker | null;
  ticks: Marker[];
  /** Both ends of each gap (the fix before and the fix after, where they exist). */
  gapEnds: (Marker & { gap: number })[];
  /** Points in the paths (after simplification). */
  drawnPoints: number;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function drawTrack(points: readonly TrackPoint[], gaps: readonly TrackGap[]): TrackDrawing {
  const empty: TrackDrawing = {
    paths: [],
    start: null,
    end: null,
    ticks: [],
    gapEnds: [],
    drawnPoints: 0,
  };
  if (points.length === 0) return empty;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const { lat, lon } of points) {
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
  }
  // Equirectangular around the middle latitude: true to shape at the scale of a walk or a ride.
  const squeeze = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * squeeze, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((VIEW_WIDTH - 2 * PAD) / spanX, (VIEW_HEIGHT - 2 * PAD) / spanY);
  const offsetX = (VIEW_WIDTH - spanX * scale) / 2;
  const offsetY = (VIEW_HEIGHT - spanY * scale) / 2;
  const x = (lon: number) => round(offsetX + (lon - minLon) * squeeze * scale);
  const y = (lat: number) => round(VIEW_HEIGHT - offsetY - (lat - minLat) * scale);

  const runs = trackRuns(points, gaps);
  const simplify = points.length > SIMPLIFY_ABOVE;
  const paths: string[] = [];
  let drawnPoints = 0;
  for (const run of runs) {
    let coordinates = run.map((p) => [x(p.lon), y(p.lat)]);
    if (simplify && coordinates.length > 2) {
      const line = turfSimplify(lineString(coordinates), { tolerance: 0.5, mutate: true });
      coordinates = line.geometry.coordinates;
    }
    drawnPoints += coordinates.length;
    const [first, ...rest] = coordinates;
    paths.push(
      rest.length === 0
        ? `M${first![0]},${first![1]}h0.01`
        : `M${first![0]},${first![1]}L${rest.map(([a, b]) => `${a},${b}`).join(' ')}`,
    );
  }

  // Distance ticks along the stretches (not across gaps), every "nice" step.
  const ticks: Marker[] = [];
  let total = 0;
  const legs: number[] = [];
  for (const run of runs) {
    for (let i = 1; i < run.length; i++) {
      const a = run[i - 1]!;
      const b = run[i]!;
      const metres = turfDistance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
      legs.push(metres);
      total += metres;
    }
    legs.push(Number.NaN);
  }
  const step = TICK_STEPS.find((candidate) => total / candidate <= MAX_TICKS) ?? total;
  let along = 0;
  let next = step;
  let leg = 0;
  for (const run of runs) {
    for (let i = 1; i < run.length; i++) {
      along += legs[leg++]!;
      while (along >= next && next < total) {
        ticks.push({ x: x(run[i]!.lon), y: y(run[i]!.lat), label: formatDistance(next) });
        next += step;
      }
    }
    leg++;
  }

  const gapEnds: TrackDrawing['gapEnds'] = [];
  gaps.forEach((gap, index) => {
    for (const at of [gap.after, gap.after + 1]) {
      const p = points[at];
      if (p) gapEnds.push({ x: x(p.lon), y: y(p.lat), label: '', gap: index });
    }
  });

  const first = points[0]!;
  const last = points.at(-1)!;
  return {
    paths,
    start: { x: x(first.lon), y: y(first.lat), label: 'Start' },
    end: { x: x(last.lon), y: y(last.lat), label: 'End' },
    ticks,
    gapEnds,
    drawnPoints,
  };
}
