// What a failed sync run means for the connection loop (SyncEngine.ts): the status to show and
// whether, and when, to try again without a trigger. Pure: the engine hands in the attempt count,
// the time and the jitter source, and keeps the timers.
//
//   OfflineError        offline; with the device online (the server is down, not the network)
//                       and `unreachable` set, a retry backing off like a busy server's
//   AuthRequiredError   paused-auth; nothing is retried until sign-in
//   ServerBusyError     backoff; a retry at random in [0, min(cap, base·2^n)), never before
//                       the server's Retry-After
//   anything else       error; the next trigger tries again
import { UNREACHABLE_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import { AuthRequiredError, OfflineError, ServerBusyError } from './errors';
import { SyncStatus } from './SyncState';

export interface FailureContext {
  /** Failed attempts since the last success. */
  attempt: number;
  now: number;
  /** In [0, 1): the jitter source. */
  random: () => number;
  /** For a busy server. */
  backoff: BackoffPolicy;
  /** For a server that does not answer while `isOnline()` says the device has a network. */
  unreachable?: { isOnline: () => boolean; backoff?: BackoffPolicy } | undefined;
}

export interface FailurePlan {
  status: SyncStatus;
  /** Failed attempts since the last success, counting this one where it backs off. */
  attempt: number;
  /** Try again by itself after this many ms; undefined: wait for a trigger. */
  retryIn?: number;
  /** A busy server's Retry-After, as a time: no run before it. */
  notBefore?: number;
}

export function afterFailure(error: unknown, context: FailureContext): FailurePlan {
  const { attempt, random } = context;
  if (error instanceof OfflineError) {
    const unreachable = context.unreachable;
    if (!unreachable?.isOnline()) return { status: SyncStatus.Offline, attempt };
    const policy = unreachable.backoff ?? UNREACHABLE_BACKOFF;
    const retryIn = backoffDelay(attempt + 1, policy, random, policy.baseMs / 2);
    return { status: SyncStatus.Offline, attempt: attempt + 1, retryIn };
  }
  if (error instanceof AuthRequiredError) return { status: SyncStatus.PausedAuth, attempt };
  if (error instanceof ServerBusyError) {
    const minimum = error.retryAfterMs ?? 0;
    const retryIn = backoffDelay(attempt + 1, context.backoff, random, minimum);
    return {
      status: SyncStatus.Backoff,
      attempt: attempt + 1,
      retryIn,
      notBefore: context.now + minimum,
    };
  }
  return { status: SyncStatus.Error, attempt };
}
