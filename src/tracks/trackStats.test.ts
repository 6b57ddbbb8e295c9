// Track figures: distance along stretches only, moving time, elevation gain with a dead band,
// gaps by cause.
import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../protocol/trackCodec';
import { trackStats } from './trackStats';

/** 1e-5° of latitude is ~1.11 m: a fix every second at `speed` m/s going north. */
function north(
  count: number,
  speed: number,
  from = 0,
  ele: (i: number) => number | null = () => null,
): TrackPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: 45 + (i * speed) / 111_195,
    lon: 7,
    t: from + i * 1000,
    ele: ele(i),
    acc: 5,
  }));
}

describe('trackStats', () => {
  it('measures distance, duration and moving time', () => {
    // 100 s walking at 1.5 m/s, then 60 s standing still.
    const walking = north(101, 1.5);
    const last = walking.at(-1)!;
    const standing = Array.from({ length: 60 }, (_, i) => ({
      ...last,
      t: last.t! + (i + 1) * 1000,
    }));
    const stats = trackStats([...walking, ...standing], []);
    expect(stats.distanceM).toBeCloseTo(150, 0);
    expect(stats.durationMs).toBe(160_000);
    expect(stats.movingMs).toBe(100_000);
    expect(stats.elevationGainM).toBeNull();
    expect(stats.start).toEqual(walking[0]);
  });

  it('does not count a gap as distance, and counts gaps by cause', () => {
    const points = north(21, 2);
    const gaps = [{ after: 9, from: 9000, to: 10_000, cause: 'hidden' as const }];
    const stats = trackStats(points, gaps);
    expect(stats.distanceM).toBeCloseTo(38, 0);
    expect(stats.gaps).toEqual({ count: 1, totalMs: 1000, byCause: { hidden: 1 } });
  });

  it('adds up climbs but not altimeter noise', () => {
    const noisy = north(40, 1, 0, (i) => 100 + (i % 2 === 0 ? 0 : 2));
    expect(trackStats(noisy, []).elevationGainM).toBe(0);
    const climb = north(40, 1, 0, (i) => 100 + i);
    expect(trackStats(climb, []).elevationGainM).toBe(39);
  });
});
