// The drawn track: a long track is drawn with far fewer points yet no fix strays from the line by
// more than a drawn pixel; a gap is never bridged; distance marks fall every "nice" step; and a
// track handed over again as a new object is read once.
import { describe, expect, it } from 'vitest';
import type { TrackGap } from '../protocol/track';
import {
  decodeTrackColumns,
  encodeTrackPoints,
  quantize,
  type TrackPoint,
} from '../protocol/trackCodec';
import { readTrack, trackDetails } from './readTrack';
import { SIMPLIFY_ABOVE, drawTrack, drawTrackLine, trackProjection } from './trackDrawing';

/** A wandering walk: north, swaying east and west, a fix a second. */
function walk(count: number, shift = 0): TrackPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: 59.3293 + shift + i * 0.00001,
    lon: 18.0686 + Math.sin(i / 300) * 0.001 + Math.sin(i / 7) * 0.00002,
    t: 1_700_000_000_000 + i * 1000,
    ele: null,
    acc: 5,
  }));
}

/** The points of an SVG path `M x,y L x,y x,y …`. */
function pathPoints(d: string): [number, number][] {
  return d
    .replace(/^M/, '')
    .replace(/h0\.01$/, '')
    .split(/L| /)
    .map((pair) => pair.split(',').map(Number) as [number, number]);
}

function distanceToSegment(
  [px, py]: [number, number],
  [ax, ay]: [number, number],
  [bx, by]: [number, number],
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t =
    dx === 0 && dy === 0
      ? 0
      : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

describe('drawTrackLine', () => {
  it('draws a long track with few points, none of its fixes more than a pixel off the line', () => {
    const points = walk(10_000);
    const line = drawTrackLine(points, []);
    expect(line.paths).toHaveLength(1);
    expect(line.drawnPoints).toBeLessThan(2000);
    expect(line.drawnPoints).toBeGreaterThan(2);
    const drawn = pathPoints(line.paths[0]!);
    expect(drawn).toHaveLength(line.drawnPoints);
    const { x, y } = line.projection!;
    expect(drawn[0]).toEqual([x(points[0]!.lon), y(points[0]!.lat)]);
    expect(drawn.at(-1)).toEqual([x(points.at(-1)!.lon), y(points.at(-1)!.lat)]);
    let worst = 0;
    for (const p of points) {
      const at: [number, number] = [x(p.lon), y(p.lat)];
      let nearest = Infinity;
      for (let i = 1; i < drawn.length; i++)
        nearest = Math.min(nearest, distanceToSegment(at, drawn[i - 1]!, drawn[i]!));
      worst = Math.max(worst, nearest);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('draws every fix of a short track', () => {
    const points = walk(SIMPLIFY_ABOVE);
    expect(drawTrackLine(points, []).drawnPoints).toBe(SIMPLIFY_ABOVE);
  });

  it('leaves each gap open: one path per stretch, both ends of the gap marked', () => {
    const points = walk(6000);
    const gaps: TrackGap[] = [{ after: 2999, from: 1, to: 2, cause: 'hidden' }];
    const line = drawTrackLine(points, gaps);
    expect(line.paths).toHaveLength(2);
    const { x, y } = line.projection!;
    const [before, after] = line.paths.map(pathPoints);
    expect(before!.at(-1)).toEqual([x(points[2999]!.lon), y(points[2999]!.lat)]);
    expect(after![0]).toEqual([x(points[3000]!.lon), y(points[3000]!.lat)]);
    expect(line.gapEnds.map((end) => [end.x, end.y])).toEqual([before!.at(-1), after![0]]);
  });

  it('splits at every gap inside the track, in order, however the gaps are listed', () => {
    // As stored: the codec keeps coordinates to a millionth of a degree.
    const points = walk(40).map(quantize);
    const gaps: TrackGap[] = [
      { after: 29, from: 1, to: 2, cause: 'hidden' },
      { after: 9, from: 1, to: 2, cause: 'paused' },
      { after: 9, from: 3, to: 4, cause: 'no-fix' },
      // Before the first fix and after the last: nothing to split.
      { after: -1, from: null, to: 0, cause: 'closed' },
      { after: 39, from: 5, to: null, cause: 'hidden' },
    ];
    const line = drawTrackLine(decodeTrackColumns(encodeTrackPoints(points)), gaps);
    const { x, y } = line.projection!;
    const drawn = (from: number, to: number) =>
      points.slice(from, to + 1).map((p): [number, number] => [x(p.lon), y(p.lat)]);
    expect(line.paths.map(pathPoints)).toEqual([drawn(0, 9), drawn(10, 29), drawn(30, 39)]);
    expect(line.drawnPoints).toBe(40);
    expect(line.gapEnds.map((end) => end.gap)).toEqual([0, 0, 1, 1, 2, 2, 3, 4]);
  });

  it('draws the same from the fixes as columns as from the fixes', () => {
    const points = walk(5000, 0.2).map(quantize);
    const gaps: TrackGap[] = [{ after: 1234, from: 1, to: 2, cause: 'hidden' }];
    const fromColumns = drawTrackLine(decodeTrackColumns(encodeTrackPoints(points)), gaps);
    const fromPoints = drawTrackLine(points, gaps);
    const { projection: a, ...rest } = fromColumns;
    const { projection: b, ...expected } = fromPoints;
    expect(rest).toEqual(expected);
    expect(a!.x(18.07)).toBe(b!.x(18.07));
  });

  it('has nothing to draw for no fixes', () => {
    expect(drawTrack([], [])).toMatchObject({ paths: [], ticks: [], start: null, end: null });
    expect(trackProjection([])).toBeNull();
  });
});

describe('trackTicks', () => {
  it('marks every 100 m along a 1 km walk', () => {
    // 1e-5° of latitude is ~1.11 m: 901 fixes north cover ~1 km.
    const points = Array.from({ length: 901 }, (_, i) => ({
      lat: 45 + (i * 1.11) / 111.195 / 1000,
      lon: 7,
      t: null,
      ele: null,
      acc: null,
    }));
    const { ticks } = drawTrack(points, []);
    expect(ticks.map((tick) => tick.label)).toEqual([
      '100 m',
      '200 m',
      '300 m',
      '400 m',
      '500 m',
      '600 m',
      '700 m',
      '800 m',
      '900 m',
    ]);
  });
});

describe('readTrack', () => {
  it('reads the same fixes and gaps once, whatever object carries them', () => {
    const points = encodeTrackPoints(walk(3000, 0.5));
    const gaps: TrackGap[] = [{ after: 10, from: 1, to: 2, cause: 'hidden' }];
    const first = readTrack({ points, gaps });
    const details = trackDetails(first);
    expect(details.stats.fixes).toBe(3000);
    expect(details.ticks.length).toBeGreaterThan(0);
    // The entry read back: new objects, equal content.
    const again = readTrack(structuredClone({ points, gaps }));
    expect(again).toBe(first);
    expect(trackDetails(again)).toBe(details);
    // Different gaps are a different picture.
    const other = readTrack({ points, gaps: [] });
    expect(other).not.toBe(first);
    expect(other.line.paths).toHaveLength(1);
  });

  it('refuses damaged fixes', () => {
    expect(() => readTrack({ points: 'A*', gaps: [] })).toThrow(/character/);
  });
});
