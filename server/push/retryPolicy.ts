// When a failed push is tried again: exponential backoff from BASE_DELAY_MS (with up to 25%
// jitter so a push service that failed many sends at once is not hit by all of them together),
// never sooner than the push service's Retry-After, and given up after MAX_ATTEMPTS sends.

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/** Delay before the next attempt, after `attempts` sends have failed. */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(backoff * (1 + random() * 0.25));
  return Math.max(jittered, retryAfterMs ?? 0);
}
