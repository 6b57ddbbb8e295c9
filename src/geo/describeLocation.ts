// How a location reads in the UI and in exports, and where its map is.
import type { Location } from '../protocol/entry';

/** The OpenStreetMap page centred on a location. */
export function mapUrl({ latitude, longitude }: Location): string {
  const lat = latitude.toFixed(5);
  const lon = longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** "59.32930, 18.06860 (± 12 m)" */
export function describeLocation({ latitude, longitude, accuracy }: Location): string {
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)} (± ${Math.round(accuracy)} m)`;
}
