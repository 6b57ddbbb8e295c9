// The track codec: what it writes reads back as the same (rounded) points, its size fits a long
// recording, and damaged text is refused with a typed error rather than half-read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryFieldsSchema, EMPTY_ENTRY } from './entry.js';
import { Limits } from './limits.js';
import {
  TrackCodecError,
  TrackCodecErrorCode,
  decodeTrackColumns,
  decodeTrackPoints,
  encodeTrackPoints,
  quantize,
  trackPointsOf,
  type TrackPoint,
} from './trackCodec.js';

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  t: fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 })),
  ele: fc.option(fc.double({ min: -500, max: 9000, noNaN: true })),
  acc: fc.option(fc.double({ min: 0, max: 5000, noNaN: true })),
});

/** A walk: one fix a second, ~1.4 m apart, with elevation and accuracy. */
export function walk(count: number, start = 1_700_000_000_000): TrackPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: 59.3293 + i * 0.00001 * Math.cos(i / 500),
    lon: 18.0686 + i * 0.00001 * Math.sin(i / 700),
    t: start + i * 1000,
    ele: 20 + 5 * Math.sin(i / 100),
    acc: 4 + (i % 7),
  }));
}

function codeOf(text: string): TrackCodecErrorCode | undefined {
  try {
    decodeTrackPoints(text);
    return undefined;
  } catch (error) {
    return error instanceof TrackCodecError ? error.code : undefined;
  }
}

describe('track codec', () => {
  it('reads back what it writes, rounded to the kept precision', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (points) => {
        expect(decodeTrackPoints(encodeTrackPoints(points))).toStrictEqual(points.map(quantize));
      }),
      { numRuns: 500 },
    );
    expect(decodeTrackPoints('')).toStrictEqual([]);
  });

  it('keeps coordinates to 1e-6 degrees and elevation to a decimetre', () => {
    const [back] = decodeTrackPoints(
      encodeTrackPoints([{ lat: -33.8567844, lon: 151.2152967, t: 5, ele: 12.34, acc: 3.6 }]),
    );
    expect(back).toStrictEqual({ lat: -33.856784, lon: 151.215297, t: 5, ele: 12.3, acc: 4 });
  });

  it('fits a 10,000-fix walk in well under the limit', () => {
    const text = encodeTrackPoints(walk(10_000));
    expect(text.length).toBeLessThan(Limits.trackMaxChars / 2);
    expect(/^[A-Za-z0-9_-]*$/.test(text)).toBe(true);
    expect(decodeTrackPoints(text)).toHaveLength(10_000);
  });

  it('refuses damaged text with a typed error', () => {
    const good = encodeTrackPoints(walk(3));
    expect(codeOf(good.slice(0, -1))).toBe(TrackCodecErrorCode.Truncated);
    expect(codeOf(`${good.slice(0, 4)}*${good.slice(5)}`)).toBe(TrackCodecErrorCode.BadCharacter);
    expect(codeOf('_'.repeat(12))).toBe(TrackCodecErrorCode.Overlong);
    // Latitude 91°: off the globe.
    const north = encodeTrackPoints([{ lat: 90, lon: 0, t: null, ele: null, acc: null }]);
    const past = encodeTrackPoints([
      { lat: 90, lon: 0, t: null, ele: null, acc: null },
      { lat: 91, lon: 0, t: null, ele: null, acc: null },
    ]);
    expect(codeOf(north)).toBeUndefined();
    expect(codeOf(past)).toBe(TrackCodecErrorCode.OutOfRange);
  });

  it('the entry schema refuses a track over the limit or damaged, with a clear message', () => {
    const fields = (points: string) =>
      entryFieldsSchema.safeParse({ ...EMPTY_ENTRY, track: { points, gaps: [] } });
    expect(fields(encodeTrackPoints(walk(10_000))).success).toBe(true);
    const tooLong = fields('A'.repeat(Limits.trackMaxChars + 5));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toMatch(/at most 256 KB/);
    const damaged = fields('AA*');
    expect(damaged.error?.issues[0]?.message).toMatch(/damaged/);
    const badGap = entryFieldsSchema.safeParse({
      ...EMPTY_ENTRY,
      track: { points: '', gaps: [{ after: 0, from: 1, to: 2, cause: 'lunch' }] },
    });
    expect(badGap.success).toBe(false);
  });

  it('reads the fixes as columns, unknown values as NaN, the same fixes as points', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (points) => {
        const text = encodeTrackPoints(points);
        const columns = decodeTrackColumns(text);
        expect(columns.length).toBe(points.length);
        expect(columns.lat).toHaveLength(points.length);
        points.forEach((p, i) => {
          expect(Number.isNaN(columns.t[i]!)).toBe(p.t === null);
          expect(Number.isNaN(columns.ele[i]!)).toBe(p.ele === null);
          expect(Number.isNaN(columns.acc[i]!)).toBe(p.acc === null);
        });
        expect(trackPointsOf(columns)).toEqual(points.map(quantize));
      }),
    );
  });

  it('says which fix is damaged, reading columns as reading points', () => {
    const text = encodeTrackPoints(walk(3));
    const damaged = text.slice(0, -1);
    const fixOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as TrackCodecError).fix;
      }
      return undefined;
    };
    expect(fixOf(() => decodeTrackColumns(damaged))).toBe(2);
    expect(fixOf(() => decodeTrackPoints(damaged))).toBe(2);
  });
});
