// GPX 1.1 out of Tideline tracks: one <trk> per track, one <trkseg> per continuous stretch (so
// any GPX reader shows the holes), elevation and time per point where known. The gaps with their
// cause and times also go into the track's <extensions> (namespace TIDELINE_GPX_NS), so a GPX
// exported here and imported again gives back the same points and the same gaps. Accuracy has
// no place in GPX and is not written.
import type { Track } from '../protocol/track';
import { decodeTrackPoints, type TrackPoint } from '../protocol/trackCodec';

export const TIDELINE_GPX_NS = 'urn:tideline:gpx:1';

export interface NamedTrack {
  title: string;
  track: Track;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function iso(time: number | null): string {
  return time === null ? '' : new Date(time).toISOString();
}

function point(p: TrackPoint): string {
  const ele = p.ele === null ? '' : `<ele>${p.ele.toFixed(1)}</ele>`;
  const time = p.t === null ? '' : `<time>${iso(p.t)}</time>`;
  return `<trkpt lat="${p.lat.toFixed(6)}" lon="${p.lon.toFixed(6)}">${ele}${time}</trkpt>`;
}

/** Where segments break: after each gap's fix, except where that would leave a lone fix (GPX
 *  readers drop one-point segments; the gap list in the extensions still says where it was). */
function segmentBreaks(count: number, track: Track): Set<number> {
  const breaks = [...new Set(track.gaps.map((gap) => gap.after))]
    .filter((after) => after >= 0 && after < count - 1)
    .sort((a, b) => a - b);
  const kept = new Set<number>();
  let start = 0;
  for (const after of breaks) {
    if (after - start + 1 >= 2 && count - (after + 1) >= 2) {
      kept.add(after);
      start = after + 1;
    }
  }
  return kept;
}

function trk({ title, track }: NamedTrack): string {
  const points = decodeTrackPoints(track.points);
  const breaks = segmentBreaks(points.length, track);
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    current.push(point(p));
    if (breaks.has(i)) {
      segments.push(current.join('\n'));
      current = [];
    }
  });
  if (current.length > 0) segments.push(current.join('\n'));
  const gaps = track.gaps
    .map(
      (gap) =>
        `<tl:gap after="${gap.after}" cause="${gap.cause}"${gap.from === null ? '' : ` from="${iso(gap.from)}"`}${gap.to === null ? '' : ` to="${iso(gap.to)}"`}/>`,
    )
    .join('');
  return [
    `<trk><name>${escapeXml(title)}</name>`,
    gaps ? `<extensions><tl:gaps>${gaps}</tl:gaps></extensions>` : '',
    ...segments.map((segment) => `<trkseg>\n${segment}\n</trkseg>`),
    '</trk>',
  ].join('\n');
}

/** A GPX document of the tracks (one <trk> each). */
export function buildGpx(tracks: readonly NamedTrack[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gpx version="1.1" creator="Tideline" xmlns="http://www.topografix.com/GPX/1/1" xmlns:tl="${TIDELINE_GPX_NS}">`,
    ...tracks.map(trk),
    '</gpx>',
    '',
  ].join('\n');
}
