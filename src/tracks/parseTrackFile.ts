// Reads tracks from a GPX, KML or GeoJSON file (XML through @tmcw/togeojson), one track per
// GPX <trk>/<rte>, KML line or GeoJSON line feature. All or nothing: a file with anything wrong —
// not the format it claims, a point off the globe or without a position, a time that is not a
// time, no track at all, a track too large to keep — is refused whole with a TrackImportError
// saying what and where, so an import never leaves half a file behind.
import { gpx, kml } from '@tmcw/togeojson';
import type { Feature, Geometry, Position } from 'geojson';
import { Limits } from '../protocol/limits';
import {
  GapCause,
  TRACK_TOO_LARGE_MESSAGE,
  trackGapSchema,
  type Track,
  type TrackGap,
} from '../protocol/track';
import { encodeTrackPoints, type TrackPoint } from '../protocol/trackCodec';
import { TIDELINE_GPX_NS, type NamedTrack } from './trackGpx';

/** Tracks one file may bring. */
export const MAX_TRACKS_PER_FILE = 200;

export class TrackImportError extends Error {
  override readonly name = 'TrackImportError';
  constructor(
    readonly code: 'unreadable' | 'no-track' | 'bad-point' | 'bad-time' | 'too-large' | 'too-many',
    message: string,
  ) {
    super(message);
  }
}

export type TrackFileFormat = 'gpx' | 'kml' | 'geojson';

interface XmlParser {
  parseFromString(text: string, type: 'application/xml' | 'text/xml'): Document;
}

/** GPX, KML or GeoJSON, from the file name, else from the first characters. */
export function trackFileFormat(fileName: string, text: string): TrackFileFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'gpx' || extension === 'kml') return extension;
  if (extension === 'geojson' || extension === 'json') return 'geojson';
  const start = text.trimStart().slice(0, 512);
  if (start.startsWith('{')) return 'geojson';
  if (/<gpx[\s>]/.test(start)) return 'gpx';
  if (/<kml[\s>]/.test(start)) return 'kml';
  return undefined;
}

function readXml(text: string, parser: XmlParser, root: string, format: string): Document {
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch (error) {
    throw new TrackImportError(
      'unreadable',
      `This is not a readable ${format} file: ${(error as Error).message}`,
    );
  }
  if (
    doc.getElementsByTagName('parsererror').length > 0 ||
    doc.getElementsByTagName(root).length === 0
  ) {
    throw new TrackImportError(
      'unreadable',
      `This is not a readable ${format} file (no <${root}> document).`,
    );
  }
  return doc;
}

function parseTime(value: unknown, where: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time) || time < 0) {
    throw new TrackImportError(
      'bad-time',
      `${where} has a time that cannot be read (${String(value)}).`,
    );
  }
  return time;
}

function toPoint(position: Position, time: number | null, where: string): TrackPoint {
  const [lon, lat, ele] = position;
  if (
    typeof lat !== 'number' ||
    typeof lon !== 'number' ||
    !(Math.abs(lat) <= 90) ||
    !(Math.abs(lon) <= 180)
  ) {
    throw new TrackImportError(
      'bad-point',
      `${where} is not a position on Earth (latitude ${String(lat)}, longitude ${String(lon)}).`,
    );
  }
  const elevation =
    typeof ele === 'number' && Number.isFinite(ele) && Math.abs(ele) < 100_000 ? ele : null;
  return { lat, lon, t: time, ele: elevation, acc: null };
}

/** One line feature's segments as points (times from coordinateProperties where present). */
function segmentsOf(feature: Feature<Geometry | null>, name: string): TrackPoint[][] {
  const geometry = feature.geometry;
  const lines: Position[][] =
    geometry?.type === 'LineString'
      ? [geometry.coordinates]
      : geometry?.type === 'MultiLineString'
        ? geometry.coordinates
        : [];
  const rawTimes = (feature.properties?.coordinateProperties as { times?: unknown } | undefined)
    ?.times;
  const timesOf = (segment: number): unknown[] => {
    if (!Array.isArray(rawTimes)) return [];
    if (geometry?.type === 'MultiLineString')
      return Array.isArray(rawTimes[segment]) ? (rawTimes[segment] as unknown[]) : [];
    return rawTimes;
  };
  return lines.map((line, s) => {
    const times = timesOf(s);
    return line.map((position, i) => {
      const where = `Point ${i + 1} of ${name}`;
      return toPoint(position, parseTime(times[i], where), where);
    });
  });
}

function lineFeatures(features: readonly Feature<Geometry | null>[]): Feature<Geometry | null>[] {
  return features.filter(
    (f) => f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString',
  );
}

function toTrack(segments: TrackPoint[][], name: string, savedGaps?: TrackGap[]): Track {
  const points = segments.flat();
  if (points.length < 2) {
    throw new TrackImportError('no-track', `${name} has fewer than two points.`);
  }
  const gaps: TrackGap[] = savedGaps ?? [];
  if (!savedGaps) {
    let after = -1;
    for (let s = 0; s < segments.length - 1; s++) {
      after += segments[s]!.length;
      gaps.push({
        after,
        from: points[after]!.t,
        to: points[after + 1]?.t ?? null,
        cause: GapCause.Segment,
      });
    }
  }
  const encoded = encodeTrackPoints(points);
  if (encoded.length > Limits.trackMaxChars || gaps.length > Limits.trackGapsMax) {
    throw new TrackImportError('too-large', `${name} is too large: ${TRACK_TOO_LARGE_MESSAGE}.`);
  }
  return { points: encoded, gaps };
}

/** GPX: every point must have a position; the gaps this app wrote come back with their cause. */
function checkGpxPoints(doc: Document): void {
  const points = [
    ...Array.from(doc.getElementsByTagName('trkpt')),
    ...Array.from(doc.getElementsByTagName('rtept')),
  ];
  points.forEach((element, i) => {
    const lat = Number(element.getAttribute('lat') ?? Number.NaN);
    const lon = Number(element.getAttribute('lon') ?? Number.NaN);
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw new TrackImportError(
        'bad-point',
        `Point ${i + 1} of the file has no valid position (lat="${element.getAttribute('lat') ?? ''}", lon="${element.getAttribute('lon') ?? ''}").`,
      );
    }
  });
  for (const segment of Array.from(doc.getElementsByTagName('trkseg'))) {
    if (segment.getElementsByTagName('trkpt').length === 1) {
      throw new TrackImportError(
        'bad-point',
        'A track segment in this file has a single point, which GPX readers drop; remove it or join it to its neighbour.',
      );
    }
  }
}

function savedGpxGaps(trk: Element, count: number, name: string): TrackGap[] | undefined {
  const elements = Array.from(trk.getElementsByTagNameNS(TIDELINE_GPX_NS, 'gap'));
  if (elements.length === 0) return undefined;
  return elements.map((element) => {
    const parsed = trackGapSchema.safeParse({
      after: Number(element.getAttribute('after')),
      from: parseTime(element.getAttribute('from'), `A gap of ${name}`),
      to: parseTime(element.getAttribute('to'), `A gap of ${name}`),
      cause: element.getAttribute('cause'),
    });
    if (!parsed.success || parsed.data.after >= count) {
      throw new TrackImportError('unreadable', `A gap recorded in ${name} is damaged.`);
    }
    return parsed.data;
  });
}

function fromGpx(text: string, parser: XmlParser): NamedTrack[] {
  const doc = readXml(text, parser, 'gpx', 'GPX');
  checkGpxPoints(doc);
  const features = gpx(doc).features;
  // The <trk> elements togeojson made a feature of (it skips those without a line), in order.
  const trks = Array.from(doc.getElementsByTagName('trk')).filter((trk) =>
    Array.from(trk.getElementsByTagName('trkseg')).some(
      (segment) => segment.getElementsByTagName('trkpt').length >= 2,
    ),
  );
  let trkIndex = 0;
  return lineFeatures(features).map((feature, i) => {
    const name = `track ${i + 1}`;
    const segments = segmentsOf(feature, name);
    const element = feature.properties?._gpxType === 'trk' ? trks[trkIndex++] : undefined;
    const gaps = element && savedGpxGaps(element, segments.flat().length, name);
    return { title: titleOf(feature, i), track: toTrack(segments, name, gaps) };
  });
}

function titleOf(feature: Feature<Geometry | null>, index: number): string {
  const name = feature.properties?.name;
  return typeof name === 'string' && name.trim()
    ? name.trim().slice(0, Limits.titleMax)
    : `Imported track ${index + 1}`;
}

function fromFeatures(features: readonly Feature<Geometry | null>[]): NamedTrack[] {
  return lineFeatures(features).map((feature, i) => {
    const name = `track ${i + 1}`;
    return { title: titleOf(feature, i), track: toTrack(segmentsOf(feature, name), name) };
  });
}

function fromGeoJson(text: string): NamedTrack[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TrackImportError(
      'unreadable',
      'This is not a readable GeoJSON file (it is not JSON).',
    );
  }
  const object = value as { type?: unknown; features?: unknown; geometry?: unknown };
  if (object?.type === 'FeatureCollection' && Array.isArray(object.features)) {
    return fromFeatures(object.features as Feature<Geometry | null>[]);
  }
  if (object?.type === 'Feature') return fromFeatures([object as Feature<Geometry | null>]);
  if (object?.type === 'LineString' || object?.type === 'MultiLineString') {
    return fromFeatures([{ type: 'Feature', properties: {}, geometry: object as Geometry }]);
  }
  throw new TrackImportError(
    'unreadable',
    'This is not a GeoJSON feature collection, feature or line.',
  );
}

/** Every track in the file, or a TrackImportError (nothing is partly read). */
export function parseTrackFile(text: string, fileName: string, parser: XmlParser): NamedTrack[] {
  const format = trackFileFormat(fileName, text);
  let tracks: NamedTrack[];
  if (format === 'gpx') tracks = fromGpx(text, parser);
  else if (format === 'kml')
    tracks = fromFeatures(kml(readXml(text, parser, 'kml', 'KML')).features);
  else if (format === 'geojson') tracks = fromGeoJson(text);
  else
    throw new TrackImportError(
      'unreadable',
      'Tideline reads tracks from GPX, KML and GeoJSON files; this is none of them.',
    );
  if (tracks.length === 0) {
    throw new TrackImportError(
      'no-track',
      'This file holds no track or route (a line of at least two points).',
    );
  }
  if (tracks.length > MAX_TRACKS_PER_FILE) {
    throw new TrackImportError(
      'too-many',
      `This file holds ${tracks.length} tracks; import at most ${MAX_TRACKS_PER_FILE} at a time.`,
    );
  }
  return tracks;
}
