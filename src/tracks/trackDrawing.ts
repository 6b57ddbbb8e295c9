// A track as a picture with no map tiles (so it works offline): each continuous stretch as one
// SVG path scaled to fit, start and end markers, a tick every "nice" distance, and the two ends
// of every gap marked — the line is never drawn across a gap. The stored track keeps every fix.
//
// Drawing comes in two steps so a long track's line is on screen within a frame:
//
//   drawTrackLine  projection, the paths, start/end and gap markers — cheap: it reads the fixes'
//                  coordinates as columns (no object per fix), and makes one pass over them in
//                  screen space, dropping a fix within half a drawn pixel of the last one kept
//                  (it cannot change the picture), then @turf/simplify (Douglas–Peucker, half a
//                  pixel) on what is left, for long tracks only. The first draw of a track runs
//                  before V8 has optimised any of this, so the pass is plain arithmetic on typed
//                  arrays: no closure call, array or object per fix
//   trackTicks     the distance marks: a geodesic distance per leg (@turf/distance), so it runs
//                  after the line has been painted
import turfDistance from '@turf/distance';
import { lineString } from '@turf/helpers';
import turfSimplify from '@turf/simplify';
import type { TrackGap } from '../protocol/track';
import type { TrackColumns, TrackPoint } from '../protocol/trackCodec';
import { formatDistance } from './describeTrack';
import { trackRuns } from './trackRuns';

export const VIEW_WIDTH = 600;
export const VIEW_HEIGHT = 360;
const PAD = 16;
/** Above this many fixes, stretches are simplified before drawing. */
export const SIMPLIFY_ABOVE = 1500;
/** How far apart (drawn pixels) two kept points of a simplified line are at least. */
const TOLERANCE_PX = 0.5;
const TICK_STEPS = [50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5];
const MAX_TICKS = 10;

export interface Marker {
  x: number;
  y: number;
  label: string;
}

/** Where a position is drawn in the VIEW_WIDTH × VIEW_HEIGHT picture. */
export interface Projection {
  x(lon: number): number;
  y(lat: number): number;
}

/** The fixes' positions, column by column (TrackColumns has them, and more). */
export type Coordinates = Pick<TrackColumns, 'length' | 'lat' | 'lon'>;

/** Points as columns. */
export function coordinatesOf(points: readonly TrackPoint[]): Coordinates {
  return {
    length: points.length,
    lat: Float64Array.from(points, (p) => p.lat),
    lon: Float64Array.from(points, (p) => p.lon),
  };
}

function asCoordinates(track: Coordinates | readonly TrackPoint[]): Coordinates {
  return Array.isArray(track) ? coordinatesOf(track) : (track as Coordinates);
}

export interface TrackLine {
  /** One SVG path `d` per continuous stretch. */
  paths: string[];
  start: Marker | null;
  end: Marker | null;
  /** Both ends of each gap (the fix before and the fix after, where they exist). */
  gapEnds: (Marker & { gap: number })[];
  /** Points in the paths (after simplification). */
  drawnPoints: number;
  projection: Projection | null;
}

export interface TrackDrawing extends TrackLine {
  ticks: Marker[];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The numbers of a projection (x = offsetX + (lon - minLon) · squeeze · scale, rounded). */
interface Fit {
  minLat: number;
  minLon: number;
  squeeze: number;
  scale: number;
  offsetX: number;
  offsetY: number;
}

function fit({ length, lat: lats, lon: lons }: Coordinates): Fit | null {
  if (length === 0) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (let i = 0; i < length; i++) {
    const lat = lats[i]!;
    const lon = lons[i]!;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
  }
  // True to shape at the scale of a walk or a ride.
  const squeeze = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * squeeze, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((VIEW_WIDTH - 2 * PAD) / spanX, (VIEW_HEIGHT - 2 * PAD) / spanY);
  const offsetX = (VIEW_WIDTH - spanX * scale) / 2;
  const offsetY = (VIEW_HEIGHT - spanY * scale) / 2;
  return { minLat, minLon, squeeze, scale, offsetX, offsetY };
}

function projectionOf({ minLat, minLon, squeeze, scale, offsetX, offsetY }: Fit): Projection {
  return {
    x: (lon) => round(offsetX + (lon - minLon) * squeeze * scale),
    y: (lat) => round(VIEW_HEIGHT - offsetY - (lat - minLat) * scale),
  };
}

/** Fits the fixes into the picture: equirectangular around the middle latitude. */
export function trackProjection(track: Coordinates | readonly TrackPoint[]): Projection | null {
  const numbers = fit(asCoordinates(track));
  return numbers && projectionOf(numbers);
}

/** Fixes `from` to `to` (inclusive) in drawn coordinates; for long tracks, without what cannot show. */
function stretchCoordinates(
  { lat: lats, lon: lons }: Coordinates,
  from: number,
  to: number,
  { minLat, minLon, squeeze, scale, offsetX, offsetY }: Fit,
  simplify: boolean,
): number[][] {
  // The projection's arithmetic, written out (as projectionOf's x and y, to the same digits).
  const top = VIEW_HEIGHT - offsetY;
  const limit = simplify ? TOLERANCE_PX * TOLERANCE_PX : -1;
  const kept: number[][] = [];
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  for (let i = from; i <= to; i++) {
    const px = Math.round((offsetX + (lons[i]! - minLon) * squeeze * scale) * 10) / 10;
    const py = Math.round((top - (lats[i]! - minLat) * scale) * 10) / 10;
    const dx = px - lastX;
    const dy = py - lastY;
    // NaN on the first point: kept. The last point is always kept, so the line ends where it did.
    if (!(dx * dx + dy * dy < limit) || i === to) {
      kept.push([px, py]);
      lastX = px;
      lastY = py;
    }
  }
  if (!simplify || kept.length <= 2) return kept;
  return turfSimplify(lineString(kept), { tolerance: TOLERANCE_PX, mutate: true }).geometry
    .coordinates;
}

/** Where each stretch starts and ends (inclusive): a gap after fix i ends one at i (as trackRuns). */
function stretchBounds(length: number, gaps: readonly TrackGap[]): [number, number][] {
  const breaks = [
    ...new Set(gaps.map((gap) => gap.after).filter((after) => after >= 0 && after < length - 1)),
  ].sort((a, b) => a - b);
  const bounds: [number, number][] = [];
  let from = 0;
  for (const after of breaks) {
    bounds.push([from, after]);
    from = after + 1;
  }
  if (from < length) bounds.push([from, length - 1]);
  return bounds;
}

/** The line, its start and end, and the gaps' ends: what is drawn first. */
export function drawTrackLine(
  track: Coordinates | readonly TrackPoint[],
  gaps: readonly TrackGap[],
): TrackLine {
  const coordinates = asCoordinates(track);
  const numbers = fit(coordinates);
  if (!numbers) {
    return { paths: [], start: null, end: null, gapEnds: [], drawnPoints: 0, projection: null };
  }
  const projection = projectionOf(numbers);
  const { x, y } = projection;
  const { length, lat, lon } = coordinates;
  const simplify = length > SIMPLIFY_ABOVE;
  const paths: string[] = [];
  let drawnPoints = 0;
  for (const [from, to] of stretchBounds(length, gaps)) {
    const drawn = stretchCoordinates(coordinates, from, to, numbers, simplify);
    drawnPoints += drawn.length;
    const [first, ...rest] = drawn;
    paths.push(
      rest.length === 0
        ? `M${first![0]},${first![1]}h0.01`
        : `M${first![0]},${first![1]}L${rest.map(([a, b]) => `${a},${b}`).join(' ')}`,
    );
  }

  const gapEnds: TrackLine['gapEnds'] = [];
  gaps.forEach((gap, index) => {
    for (const at of [gap.after, gap.after + 1]) {
      if (at >= 0 && at < length)
        gapEnds.push({ x: x(lon[at]!), y: y(lat[at]!), label: '', gap: index });
    }
  });

  return {
    paths,
    start: { x: x(lon[0]!), y: y(lat[0]!), label: 'Start' },
    end: { x: x(lon[length - 1]!), y: y(lat[length - 1]!), label: 'End' },
    gapEnds,
    drawnPoints,
    projection,
  };
}

/** Distance marks along the stretches (not across gaps), every "nice" step. */
export function trackTicks(
  points: readonly TrackPoint[],
  gaps: readonly TrackGap[],
  projection: Projection | null,
): Marker[] {
  if (!projection) return [];
  const runs = trackRuns(points, gaps);
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
        const p = run[i]!;
        ticks.push({ x: projection.x(p.lon), y: projection.y(p.lat), label: formatDistance(next) });
        next += step;
      }
    }
    leg++;
  }
  return ticks;
}

/** The whole picture at once (tests, and anything not in a hurry). */
export function drawTrack(points: readonly TrackPoint[], gaps: readonly TrackGap[]): TrackDrawing {
  const line = drawTrackLine(points, gaps);
  return { ...line, ticks: trackTicks(points, gaps, line.projection) };
}
