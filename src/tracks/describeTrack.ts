// How a track reads: distances, durations, gap causes, one-line summaries (UI, notifications,
// exports).
import type { GapCause, Track } from '../protocol/track';
import { decodeTrackPoints } from '../protocol/trackCodec';
import { trackStats } from './trackStats';

const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "850 m", "2.3 km", "14 km". */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${whole.format(metres)} m`;
  if (metres < 100_000) return `${decimal.format(metres / 1000)} km`;
  return `${whole.format(metres / 1000)} km`;
}

/** "45 s", "41 min", "2 h 05 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export const GAP_CAUSE_TEXT: Record<GapCause, string> = {
  hidden: 'app in the background',
  permission: 'location permission withdrawn',
  'no-fix': 'no usable GPS fix',
  paused: 'paused',
  closed: 'app closed',
  segment: 'break in the imported file',
};

/** "Tracking — 2.3 km · 41 min": the ongoing notification's and the recorder's headline. */
export function describeProgress(distanceM: number, elapsedMs: number): string {
  return `${formatDistance(distanceM)} · ${formatDuration(elapsedMs)}`;
}

/** "2.3 km, 1,204 fixes, 1 gap" — a track in one line (conflict view, lists). */
export function describeTrack(track: Track): string {
  try {
    const stats = trackStats(decodeTrackPoints(track.points), track.gaps);
    const gaps = stats.gaps.count === 1 ? '1 gap' : `${stats.gaps.count} gaps`;
    return `${formatDistance(stats.distanceM)}, ${whole.format(stats.fixes)} fixes, ${gaps}`;
  } catch {
    return 'a track this device cannot read';
  }
}
