// Where a notification click may take the user: only a path on Tideline's own origin. The URL
// comes from the notification's data, so it is parsed the way the browser will navigate to it
// (`new URL(url, origin)`), not checked by its first characters: `/\evil.example` and
// `//evil.example` both lead off-site.

/** The path (with query and hash) of `url` if it stays on `origin`, otherwise undefined. */
export function sameOriginPath(url: unknown, origin: string): string | undefined {
  if (typeof url !== 'string' || !url.startsWith('/')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, origin);
  } catch {
    return undefined;
  }
  if (parsed.origin !== origin) return undefined;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
