// Counts attempts per key in a sliding window (kept in memory, per server instance) and says
// when a key has used its allowance and how long until it may try again.
export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the oldest counted attempt leaves the window (when not allowed). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.rule.windowMs;
    const times = (this.hits.get(key) ?? []).filter((time) => time > cutoff);
    if (times.length === 0) this.hits.delete(key);
    else this.hits.set(key, times);
    return times;
  }

  /** Whether another attempt is allowed now, without counting one. */
  check(key: string): RateDecision {
    const times = this.recent(key);
    if (times.length < this.rule.limit) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = times[0] as number;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.rule.windowMs - this.now()) / 1000)),
    };
  }

  /** Counts one attempt against the key. */
  hit(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.hits.set(key, times);
  }

  /** Forgets a key's attempts (after a successful sign-in, for example). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Drops keys whose attempts have all left the window; called periodically. */
  sweep(): void {
    for (const key of [...this.hits.keys()]) this.recent(key);
  }
}
