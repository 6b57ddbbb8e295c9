// The title a new track entry gets: when it started, in the person's own locale and time zone.
const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Track, 4 Dec 2026, 20:30". */
export function trackTitle(startedAt: number): string {
  return `Track, ${format.format(startedAt)}`;
}
