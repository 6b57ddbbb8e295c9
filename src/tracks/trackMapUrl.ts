// Where a track is on OpenStreetMap: the site framed on the track's bounding box, with a marker
// at its start (OSM cannot be handed the line itself in a link).
import type { TrackPoint } from '../protocol/trackCodec';

export function trackMapUrl(points: readonly TrackPoint[]): string {
  const first = points[0];
  if (!first) return 'https://www.openstreetmap.org/';
  let minLat = first.lat;
  let maxLat = first.lat;
  let minLon = first.lon;
  let maxLon = first.lon;
  for (const { lat, lon } of points) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  }
  const f = (value: number) => value.toFixed(5);
  return (
    `https://www.openstreetmap.org/?minlon=${f(minLon)}&minlat=${f(minLat)}` +
    `&maxlon=${f(maxLon)}&maxlat=${f(maxLat)}&mlat=${f(first.lat)}&mlon=${f(first.lon)}`
  );
}
