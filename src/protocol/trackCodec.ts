// The compact text form of a GPS track's fixes, as the entry field `track.points` carries it.
//
// Each fix is five numbers, each written as a variable-length integer in the base64url alphabet
// (no JSON escaping, so the text's length is its size on the wire): 5 data bits per character,
// the 6th bit set while more characters follow — the Google polyline idea with a safer alphabet.
//
//   latitude, longitude   signed delta from the previous fix, in millionths of a degree (~0.1 m)
//   time                  0 = unknown, else 1 + signed delta (ms) from the last known time
//   elevation             0 = unknown, else 1 + signed delta (decimetres) from the last known one
//   accuracy              0 = unknown, else 1 + metres (rounded, absolute)
//
// Neighbouring fixes differ little, so a walked fix a second apart takes about 10 characters:
// a 10,000-fix track is ~100 KB, well under Limits.trackMaxChars. Decoding checks everything it
// reads (range, completeness), so a damaged or hostile string is refused, never half-read.

/** One recorded or imported position. */
export interface TrackPoint {
  lat: number;
  lon: number;
  /** When it was measured (ms since the epoch); null when the source had no time. */
  t: number | null;
  /** Metres above sea level; null where the device or file gave none. */
  ele: number | null;
  /** Radius of uncertainty in metres; null where unknown (imported files). */
  acc: number | null;
}

export const TrackCodecErrorCode = {
  /** A character outside the base64url alphabet. */
  BadCharacter: 'bad-character',
  /** The text ends in the middle of a number or a fix. */
  Truncated: 'truncated',
  /** A number too long to be one this codec writes. */
  Overlong: 'overlong',
  /** A coordinate off the globe, or a time or elevation out of range. */
  OutOfRange: 'out-of-range',
} as const;
export type TrackCodecErrorCode = (typeof TrackCodecErrorCode)[keyof typeof TrackCodecErrorCode];

export class TrackCodecError extends Error {
  override readonly name = 'TrackCodecError';
  constructor(
    readonly code: TrackCodecErrorCode,
    message: string,
    /** The index of the fix being read. */
    readonly fix: number,
  ) {
    super(message);
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

export const COORDINATE_SCALE = 1e6;
const ELEVATION_SCALE = 10;
/** Up to 2^55: more than any delta of time (ms), coordinate or elevation this codec writes. */
const MAX_CHARS_PER_NUMBER = 11;
const MAX_TIME = 8.64e15;
const MAX_ELEVATION = 100_000;
const MAX_ACCURACY = 1e6;

function writeUnsigned(out: string[], value: number): void {
  let rest = value;
  while (rest >= 32) {
    out.push(ALPHABET[(rest % 32) + 32]!);
    rest = Math.floor(rest / 32);
  }
  out.push(ALPHABET[rest]!);
}

/** Zig-zag: 0, -1, 1, -2, 2… → 0, 1, 2, 3, 4… (arithmetic, not bit operations: times pass 2^32). */
function writeSigned(out: string[], value: number): void {
  writeUnsigned(out, value < 0 ? -2 * value - 1 : 2 * value);
}

/** Rounds a point's values to what the codec keeps, so `decode(encode(p))` equals `quantize(p)`. */
export function quantize(point: TrackPoint): TrackPoint {
  // `+ 0` turns a rounded -0 into 0, as decoding (a sum from 0) gives it.
  return {
    lat: Math.round(point.lat * COORDINATE_SCALE) / COORDINATE_SCALE + 0,
    lon: Math.round(point.lon * COORDINATE_SCALE) / COORDINATE_SCALE + 0,
    t: point.t === null ? null : Math.round(point.t) + 0,
    ele: point.ele === null ? null : Math.round(point.ele * ELEVATION_SCALE) / ELEVATION_SCALE + 0,
    acc: point.acc === null ? null : Math.min(MAX_ACCURACY, Math.round(point.acc)),
  };
}

/** The points as the compact text. Values are rounded to the precisions above. */
export function encodeTrackPoints(points: readonly TrackPoint[]): string {
  const out: string[] = [];
  let lat = 0;
  let lon = 0;
  let t = 0;
  let ele = 0;
  for (const point of points) {
    const nextLat = Math.round(point.lat * COORDINATE_SCALE);
    const nextLon = Math.round(point.lon * COORDINATE_SCALE);
    writeSigned(out, nextLat - lat);
    writeSigned(out, nextLon - lon);
    lat = nextLat;
    lon = nextLon;
    if (point.t === null) {
      writeUnsigned(out, 0);
    } else {
      const nextT = Math.round(point.t);
      writeUnsigned(out, 1 + (nextT - t < 0 ? -2 * (nextT - t) - 1 : 2 * (nextT - t)));
      t = nextT;
    }
    if (point.ele === null) {
      writeUnsigned(out, 0);
    } else {
      const nextEle = Math.round(point.ele * ELEVATION_SCALE);
      const delta = nextEle - ele;
      writeUnsigned(out, 1 + (delta < 0 ? -2 * delta - 1 : 2 * delta));
      ele = nextEle;
    }
    writeUnsigned(out, point.acc === null ? 0 : 1 + Math.min(MAX_ACCURACY, Math.round(point.acc)));
  }
  return out.join('');
}

/**
 * A track's fixes column by column, NaN where a value is unknown: what drawing reads, with no
 * object per fix (a 10,000-fix track is 50,000 numbers in five arrays instead of 10,000 objects).
 */
export interface TrackColumns {
  length: number;
  lat: Float64Array;
  lon: Float64Array;
  t: Float64Array;
  ele: Float64Array;
  acc: Float64Array;
}

/** Reads the compact text back; throws TrackCodecError at the first thing that is wrong. */
export function decodeTrackColumns(text: string): TrackColumns {
  // Every fix takes at least five characters (one per number).
  const capacity = Math.ceil(text.length / 5);
  const lats = new Float64Array(capacity);
  const lons = new Float64Array(capacity);
  const times = new Float64Array(capacity);
  const elevations = new Float64Array(capacity);
  const accuracies = new Float64Array(capacity);
  let count = 0;
  let index = 0;
  const readUnsigned = (): number => {
    let value = 0;
    let factor = 1;
    for (let chars = 0; ; chars++) {
      if (chars >= MAX_CHARS_PER_NUMBER) {
        throw new TrackCodecError(TrackCodecErrorCode.Overlong, 'a number is too long', count);
      }
      if (index >= text.length) {
        throw new TrackCodecError(
          TrackCodecErrorCode.Truncated,
          'the track ends in the middle of a fix',
          count,
        );
      }
      const code = text.charCodeAt(index++);
      const digit = code < 128 ? VALUE_OF[code]! : -1;
      if (digit < 0) {
        throw new TrackCodecError(
          TrackCodecErrorCode.BadCharacter,
          'the track contains a character it cannot hold',
          count,
        );
      }
      value += (digit & 31) * factor;
      if (digit < 32) return value;
      factor *= 32;
    }
  };
  const readSigned = (): number => {
    const value = readUnsigned();
    return value % 2 === 1 ? -(value + 1) / 2 : value / 2;
  };
  const outOfRange = (what: string) =>
    new TrackCodecError(TrackCodecErrorCode.OutOfRange, `${what} is out of range`, count);
  let lat = 0;
  let lon = 0;
  let t = 0;
  let ele = 0;
  while (index < text.length) {
    lat += readSigned();
    lon += readSigned();
    if (Math.abs(lat) > 90 * COORDINATE_SCALE) throw outOfRange('a latitude');
    if (Math.abs(lon) > 180 * COORDINATE_SCALE) throw outOfRange('a longitude');
    const timeCode = readUnsigned();
    let time = Number.NaN;
    if (timeCode > 0) {
      const v = timeCode - 1;
      t += v % 2 === 1 ? -(v + 1) / 2 : v / 2;
      if (t < 0 || t > MAX_TIME) throw outOfRange('a time');
      time = t;
    }
    const eleCode = readUnsigned();
    let elevation = Number.NaN;
    if (eleCode > 0) {
      const v = eleCode - 1;
      ele += v % 2 === 1 ? -(v + 1) / 2 : v / 2;
      if (Math.abs(ele) > MAX_ELEVATION * ELEVATION_SCALE) throw outOfRange('an elevation');
      elevation = ele / ELEVATION_SCALE;
    }
    const accCode = readUnsigned();
    if (accCode > MAX_ACCURACY + 1) throw outOfRange('an accuracy');
    lats[count] = lat / COORDINATE_SCALE;
    lons[count] = lon / COORDINATE_SCALE;
    times[count] = time;
    elevations[count] = elevation;
    accuracies[count] = accCode === 0 ? Number.NaN : accCode - 1;
    count += 1;
  }
  return {
    length: count,
    lat: lats.subarray(0, count),
    lon: lons.subarray(0, count),
    t: times.subarray(0, count),
    ele: elevations.subarray(0, count),
    acc: accuracies.subarray(0, count),
  };
}

const known = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** The fixes as points (one object each), from their columns. */
export function trackPointsOf(columns: TrackColumns): TrackPoint[] {
  const points: TrackPoint[] = [];
  for (let i = 0; i < columns.length; i++) {
    points.push({
      lat: columns.lat[i]!,
      lon: columns.lon[i]!,
      t: known(columns.t[i]!),
      ele: known(columns.ele[i]!),
      acc: known(columns.acc[i]!),
    });
  }
  return points;
}

/** Reads the compact text back; throws TrackCodecError at the first thing that is wrong. */
export function decodeTrackPoints(text: string): TrackPoint[] {
  return trackPointsOf(decodeTrackColumns(text));
}

/** Whether the text decodes (the schemas' check); the error, if not. */
export function trackPointsProblem(text: string): TrackCodecError | undefined {
  try {
    decodeTrackPoints(text);
    return undefined;
  } catch (error) {
    if (error instanceof TrackCodecError) return error;
    throw error;
  }
}
