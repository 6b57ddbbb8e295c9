// Headers every response carries: browser security policy for the whole origin,
// and `no-store` on API answers so neither HTTP caches nor the service worker's
// runtime caching keep stale server state.
import type { FastifyInstance } from 'fastify';

/**
 * The one inline script index.html carries (the saved theme, applied before the first paint),
 * allowed by its hash; server/app.test.ts checks it against index.html. Change the script, and
 * this changes with it.
 */
export const THEME_BOOT_SCRIPT_HASH = 'sha256-Az1DJ1StCVyHmblEv4NEBcQlDLwr+6o0auNfeY/908c=';

// Scripts only from our own origin (Vite emits no inline scripts), and the theme script above;
// inline styles are allowed because index.html and Lit's fallback path may use them.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' '${THEME_BOOT_SCRIPT_HASH}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Voice memos play from the bytes on the device (blob:) or from the server.
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Powerful features this origin may use: only what Tideline asks for (locations on entries and
 * GPS tracks; voice memos), for itself only; the rest are switched off for it and for anything
 * it embeds. The camera stays off: taking a photo goes through the file input's `capture`,
 * which hands the picture over as a file and asks for no camera permission. Features left out
 * keep their defaults (the screen wake lock a GPS track holds is same-origin by default).
 */
export const PERMISSIONS_POLICY = [
  'geolocation=(self)',
  'microphone=(self)',
  'camera=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
].join(', ');

/** One year: browsers remember to use HTTPS only for this long after each visit. */
export const HSTS = 'max-age=31536000';

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': PERMISSIONS_POLICY,
};

/**
 * The headers on every response, Node's own refusals included. HSTS only when people reach the
 * app over HTTPS (PUBLIC_ORIGIN says so; TLS usually ends at a proxy in front).
 */
export function securityHeaders(
  publicOrigin: string | undefined,
): Readonly<Record<string, string>> {
  return publicOrigin?.startsWith('https:')
    ? { ...BASE_HEADERS, 'strict-transport-security': HSTS }
    : BASE_HEADERS;
}

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export function addResponseHeaders(app: FastifyInstance, publicOrigin: string | undefined): void {
  const headers = securityHeaders(publicOrigin);
  app.addHook('onSend', async (request, reply, payload) => {
    // A route may tighten one (attachment content sets a sandboxing CSP); none is ever dropped.
    for (const [name, value] of Object.entries(headers)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (isApiPath(request.url) && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
