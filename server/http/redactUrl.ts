// Takes secrets out of a URL before it is logged. Invite tokens travel in paths
// (`/api/invites/<token>/accept`, the page `/join/<token>`, and `?next=/join/<token>` after
// signing in), password reset links keep theirs in the fragment (never sent, but a
// `/reset-password/<token>` typed by hand is caught too), and any client may put a token in a query string; a log line must not hand out
// something that works. Ids (UUIDs) stay readable: they are what an operator searches by.
export const REDACTED = '[redacted]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A long opaque segment: Tideline's tokens are 43 base64url characters. */
const OPAQUE = /^[A-Za-z0-9_~.%+=-]{32,}$/;
/** Path segments whose next segment is a token. */
const SECRET_AFTER = new Set(['invites', 'invite', 'join', 'reset-password']);
/** Query parameters that carry secrets by name. */
const SECRET_PARAM = /token|secret|passw|key|auth|code|signature|session|cookie|jwt/i;

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function redactPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, index) => {
      if (segment === '' || UUID.test(segment)) return segment;
      const previous = (segments[index - 1] ?? '').toLowerCase();
      return SECRET_AFTER.has(previous) || OPAQUE.test(segment) ? REDACTED : segment;
    })
    .join('/');
}

function redactParam(part: string): string {
  const equals = part.indexOf('=');
  if (equals === -1) return OPAQUE.test(part) ? REDACTED : part;
  const name = part.slice(0, equals);
  const value = decode(part.slice(equals + 1));
  if (SECRET_PARAM.test(decode(name))) return `${name}=${REDACTED}`;
  // A value that is itself a path or URL (`next=/join/<token>`) is checked like one.
  return redactUrl(value) === value ? part : `${name}=${REDACTED}`;
}

/** `url` (a request target: path and query) with tokens replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const target = hash === -1 ? url : url.slice(0, hash);
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  if (question === -1) return redactPath(path);
  const query = target
    .slice(question + 1)
    .split('&')
    .map(redactParam)
    .join('&');
  return `${redactPath(path)}?${query}`;
}
