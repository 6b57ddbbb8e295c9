// Reads an HTTP Retry-After header: either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). The
// one reading for the page's API client, the sync transport and the server's push sender.
/** Milliseconds to wait from `now`, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
