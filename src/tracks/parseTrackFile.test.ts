// Track files: GPX written here reads back as the same points and gaps; GPX, KML and GeoJSON
// from elsewhere become tracks; a bad file is refused whole with a clear, typed error.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { decodeTrackPoints, encodeTrackPoints, quantize } from '../protocol/trackCodec';
import { TrackImportError, parseTrackFile } from './parseTrackFile';
import { buildGpx } from './trackGpx';

const parser = new DOMParser() as unknown as {
  parseFromString(text: string, type: 'application/xml'): Document;
};

const walk = Array.from({ length: 6 }, (_, i) => ({
  lat: 59.3293 + i * 0.0001,
  lon: 18.0686 + i * 0.0002,
  t: 1_700_000_000_000 + i * 1000,
  ele: i === 2 ? null : 10 + i,
  acc: 5,
}));

function refusal(text: string, name: string): TrackImportError {
  try {
    parseTrackFile(text, name, parser);
  } catch (error) {
    if (error instanceof TrackImportError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('parseTrackFile', () => {
  it('reads back a GPX it wrote: same points (but accuracy) and the same gaps', () => {
    const track = {
      points: encodeTrackPoints(walk),
      gaps: [{ after: 2, from: walk[2]!.t + 100, to: walk[3]!.t, cause: 'hidden' as const }],
    };
    const gpx = buildGpx([{ title: 'Harbour <loop> & back', track }]);
    expect(gpx).toContain('<trkseg>');
    const [back, ...more] = parseTrackFile(gpx, 'walk.gpx', parser);
    expect(more).toHaveLength(0);
    expect(back!.title).toBe('Harbour <loop> & back');
    expect(decodeTrackPoints(back!.track.points)).toEqual(
      walk.map((p) => ({ ...quantize(p), acc: null })),
    );
    expect(back!.track.gaps).toEqual(track.gaps);
  });

  it('turns a foreign GPX with two segments and a route into tracks, breaks as gaps', () => {
    const gpx = `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
      <trk><name>Ridge</name>
        <trkseg><trkpt lat="46.1" lon="7.1"><ele>1200</ele><time>2024-06-01T08:00:00Z</time></trkpt>
                <trkpt lat="46.2" lon="7.2"><time>2024-06-01T08:10:00Z</time></trkpt></trkseg>
        <trkseg><trkpt lat="46.3" lon="7.3"><time>2024-06-01T09:00:00Z</time></trkpt>
                <trkpt lat="46.4" lon="7.4"></trkpt></trkseg></trk>
      <rte><rtept lat="1" lon="1"/><rtept lat="1.1" lon="1.1"/></rte></gpx>`;
    const [ridge, route] = parseTrackFile(gpx, 'ridge.gpx', parser);
    expect(ridge!.track.gaps).toEqual([
      {
        after: 1,
        from: Date.parse('2024-06-01T08:10:00Z'),
        to: Date.parse('2024-06-01T09:00:00Z'),
        cause: 'segment',
      },
    ]);
    const points = decodeTrackPoints(ridge!.track.points);
    expect(points.map((p) => p.t === null)).toEqual([false, false, false, true]);
    expect(points[0]!.ele).toBe(1200);
    expect(route!.title).toBe('Imported track 2');
  });

  it('reads KML (a gx:Track with times) and GeoJSON lines', () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
      <Placemark><name>Shore</name><gx:Track>
        <when>2024-01-01T10:00:00Z</when><when>2024-01-01T10:01:00Z</when>
        <gx:coord>10 50 5</gx:coord><gx:coord>10.001 50.001 6</gx:coord>
      </gx:Track></Placemark></kml>`;
    const [shore] = parseTrackFile(kml, 'shore.kml', parser);
    expect(shore!.title).toBe('Shore');
    expect(decodeTrackPoints(shore!.track.points)[1]).toEqual({
      lat: 50.001,
      lon: 10.001,
      t: Date.parse('2024-01-01T10:01:00Z'),
      ele: 6,
      acc: null,
    });
    const geojson = JSON.stringify({
      type: 'Feature',
      properties: { name: 'Line' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
    });
    expect(parseTrackFile(geojson, 'line.geojson', parser)[0]!.title).toBe('Line');
  });

  it('refuses a bad file whole, saying what is wrong', () => {
    expect(refusal('<gpx><trk><trkseg><trkpt lat="1"', 'broken.gpx').code).toBe('unreadable');
    expect(refusal('hello', 'notes.txt').code).toBe('unreadable');
    const offGlobe = `<gpx><trk><trkseg><trkpt lat="1" lon="1"/><trkpt lat="95" lon="1"/></trkseg></trk></gpx>`;
    const bad = refusal(offGlobe, 'pole.gpx');
    expect(bad.code).toBe('bad-point');
    expect(bad.message).toMatch(/Point 2 .*no valid position/);
    const badTime = `<gpx><trk><trkseg><trkpt lat="1" lon="1"><time>yesterday</time></trkpt><trkpt lat="1.1" lon="1"/></trkseg></trk></gpx>`;
    expect(refusal(badTime, 'time.gpx').code).toBe('bad-time');
    expect(refusal('<gpx><wpt lat="1" lon="1"/></gpx>', 'points.gpx').code).toBe('no-track');
    expect(refusal('{"type":"Point","coordinates":[1,2]}', 'p.geojson').code).toBe('unreadable');
    expect(refusal('{"type":', 'p.geojson').code).toBe('unreadable');
  });
});
