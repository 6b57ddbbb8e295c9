// Which push services a subscription may point at. Browsers hand out endpoints on a handful of
// well-known hosts; anything else is refused, so a subscription can never make the server send
// requests to an arbitrary address. Operators may replace the list with PUSH_SERVICE_HOSTS.

/** The major browsers' push services: Chrome, Edge (WNS), Firefox and Safari. */
export const DEFAULT_PUSH_SERVICE_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  '*.push.services.mozilla.com',
  '*.notify.windows.com',
  'web.push.apple.com',
  '*.push.apple.com',
];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A host name (`a.example.org`) or a wildcard over its subdomains (`*.example.org`). */
export function isHostPattern(pattern: string): boolean {
  const name = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

/** Whether `host` (lower-case, no trailing dot) matches one of `patterns`. A `*.` pattern
 *  matches any subdomain at any depth, never the bare suffix. */
export function isKnownPushService(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
  );
}
