// Cache-Control for the built client's files. The service worker and the HTML
// shell must always be revalidated, or a user could be stuck on an old release;
// Vite's content-hashed assets never change, so they are cached for a year.

export const NO_CACHE = 'no-cache';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT_LIVED = 'public, max-age=3600';

// Root-level files whose name stays the same across releases but whose content doesn't.
const ALWAYS_REVALIDATE = [
  /^sw\.js$/,
  /^workbox-[\w.-]+\.js$/,
  /^registerSW\.js$/,
  /^manifest\.webmanifest$/,
  /\.html$/,
];

/** The Cache-Control value for a file, given its path relative to the static root ('/'-separated). */
export function cacheControlFor(relativePath: string): string {
  if (ALWAYS_REVALIDATE.some((pattern) => pattern.test(relativePath))) return NO_CACHE;
  if (relativePath.startsWith('assets/')) return IMMUTABLE;
  return SHORT_LIVED;
}
