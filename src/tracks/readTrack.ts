// A stored track made ready to show, remembered by content: the entry page hands the view a new
// track object each time it reads the entry back (a sync, a teammate's edit to the title), and a
// 10,000-fix track takes milliseconds to decode and draw — so the same fixes and gaps are
// decoded and drawn once. The line is drawn from the fixes' columns; the fixes as objects, the
// figures and distance marks (a geodesic distance per leg) are worked out separately, on demand,
// so the line can be painted first.
import type { Track, TrackGap } from '../protocol/track';
import { decodeTrackColumns, trackPointsOf, type TrackColumns } from '../protocol/trackCodec';
import { drawTrackLine, trackTicks, type Marker, type TrackLine } from './trackDrawing';
import { trackMapUrl } from './trackMapUrl';
import { trackStats, type TrackStats } from './trackStats';

export interface TrackDetails {
  stats: TrackStats;
  ticks: Marker[];
  /** "Open in OpenStreetMap". */
  mapUrl: string;
}

export interface ReadTrack {
  columns: TrackColumns;
  gaps: readonly TrackGap[];
  line: TrackLine;
  /** Set by trackDetails the first time they are asked for. */
  details?: TrackDetails;
}

/** Tracks kept ready (an entry page shows one; a few covers going back and forth). */
const KEEP = 4;
const cache = new Map<string, { gaps: string; read: ReadTrack }>();

/** The decoded fixes and the drawn line; throws TrackCodecError for damaged fixes. */
export function readTrack(track: Track): ReadTrack {
  const gaps = JSON.stringify(track.gaps);
  const hit = cache.get(track.points);
  if (hit && hit.gaps === gaps) {
    // Most recently used last, so the oldest goes first.
    cache.delete(track.points);
    cache.set(track.points, hit);
    return hit.read;
  }
  const columns = decodeTrackColumns(track.points);
  const read: ReadTrack = { columns, gaps: track.gaps, line: drawTrackLine(columns, track.gaps) };
  cache.delete(track.points);
  cache.set(track.points, { gaps, read });
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return read;
}

/** The figures and distance marks of a track read by readTrack (worked out once). */
export function trackDetails(read: ReadTrack): TrackDetails {
  if (read.details) return read.details;
  const points = trackPointsOf(read.columns);
  read.details = {
    stats: trackStats(points, read.gaps),
    ticks: trackTicks(points, read.gaps, read.line.projection),
    mapUrl: trackMapUrl(points),
  };
  return read.details;
}
