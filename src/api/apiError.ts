// How an API call fails: an ApiRequestError whose `code` and `status` callers branch on, and
// plain words for any failure. Apart from api.ts (which validates answers with zod), so the
// shell can describe a failure without loading zod.

/** Codes this side adds to the server's own (`invalid-credentials`, `invite-invalid`…). */
export const ApiErrorCode = {
  /** No answer: no network, the server is down, or it did not answer in time. */
  Offline: 'offline',
  /** An answer that is not what the API promises. */
  BadResponse: 'bad-response',
} as const;

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  /** HTTP status; 0 when there was no answer. */
  readonly status: number;
  /** The server's error code, or one of ApiErrorCode. */
  readonly code: string;
  /** For 429 and 503: how long the server asked us to wait, when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(facts: {
    status: number;
    code: string;
    message: string;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(facts.message, { cause: facts.cause });
    this.status = facts.status;
    this.code = facts.code;
    this.retryAfterSeconds = facts.retryAfterSeconds;
  }
}

export function isOfflineError(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === ApiErrorCode.Offline;
}

/** Plain words for any failure of an API call. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `Something went wrong (${detail}). Try again in a moment.`;
}

/** "45 seconds", "3 minutes": a wait rounded up, in the unit people think in. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
