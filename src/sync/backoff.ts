// How long to wait after the server said it was busy: exponential backoff with full jitter
// (a random delay between 0 and min(cap, base·2^(attempt-1))), so many clients that failed
// together do not come back together — but never sooner than the server's Retry-After.
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000 };

/**
 * Retrying a server that did not answer although the device is online (a restart, a captive
 * portal, a dead uplink): a few seconds at first, at most a minute apart, and never sooner than
 * half the base, so a page does not hammer a server that is coming back up.
 */
export const UNREACHABLE_BACKOFF: BackoffPolicy = { baseMs: 4000, capMs: 60 * 1000 };

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  minimumMs = 0,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(minimumMs, Math.floor(random() * ceiling));
}
