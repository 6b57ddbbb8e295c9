// The failures of the sync core, as types: callers branch on the class or `code`, never on
// message text. Each message says what happened and what the user can do about it.
//
//   OfflineError        no answer from the server (no network, DNS, timeout): retry later
//   AuthRequiredError   401: the session ended; sync pauses until the user signs in again
//   ServerBusyError     429, 408 or 5xx (busy, or the server's own failure): back off and retry,
//                       at least `retryAfterMs` later
//   ProtocolError       any other refusal, or an answer that breaks the protocol
//   LocalWriteError     a local write refused before anything was written
export const SyncErrorCode = {
  Offline: 'offline',
  AuthRequired: 'auth-required',
  ServerBusy: 'server-busy',
} as const;

interface ErrorFacts {
  cause?: unknown;
}

export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  readonly code = SyncErrorCode.Offline;

  constructor(
    message = 'Tideline can’t reach the server. Your changes are kept on this device and are sent once it can be reached.',
    facts: ErrorFacts = {},
  ) {
    super(message, { cause: facts.cause });
  }
}

export class AuthRequiredError extends Error {
  override readonly name = 'AuthRequiredError';
  readonly code = SyncErrorCode.AuthRequired;
  readonly status: number;
  /** The server's own code, e.g. `unauthenticated`. */
  readonly serverCode: string | undefined;

  constructor(facts: { status?: number; serverCode?: string; cause?: unknown } = {}) {
    super(
      'Your session has ended. Sign in again to keep syncing; your changes are kept on this device.',
      { cause: facts.cause },
    );
    this.status = facts.status ?? 401;
    this.serverCode = facts.serverCode;
  }
}

/** Whether a failed answer's status means "busy, try later" (429, 503, 408) rather than a broken server. */
export function isBusyStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 408;
}

/** The sentence for a server that answered with `status` (5xx, 429, 408). */
export function serverTroubleSentence(status: number): string {
  return isBusyStatus(status)
    ? 'The server is busy.'
    : `The server had a problem (error ${status}).`;
}

export class ServerBusyError extends Error {
  override readonly name = 'ServerBusyError';
  readonly code = SyncErrorCode.ServerBusy;
  readonly status: number;
  /** How long the server asked us to wait (from Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(facts: { status: number; retryAfterMs?: number; cause?: unknown }) {
    super(
      `${serverTroubleSentence(facts.status)} Tideline will try again shortly; your changes are kept on this device.`,
      { cause: facts.cause },
    );
    this.status = facts.status;
    this.retryAfterMs = facts.retryAfterMs;
  }
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  /** HTTP status (0 when the failure was found on this side, e.g. a gap in the outbox). */
  readonly status: number;
  /** The server's error code (`client-mismatch`, `invalid-request`…) or one of ours
   *  (`bad-response`, `outbox-gap`, `push-stalled`). */
  readonly code: string;

  constructor(facts: { status: number; code: string; message: string; cause?: unknown }) {
    super(facts.message, { cause: facts.cause });
    this.status = facts.status;
    this.code = facts.code;
  }
}

export const LocalWriteErrorCode = {
  InvalidArgs: 'invalid-args',
  NotFound: 'not-found',
  ReadOnly: 'read-only',
  OwnerOnly: 'owner-only',
  WrongNotebook: 'wrong-notebook',
  NotConflicted: 'not-conflicted',
} as const;
export type LocalWriteErrorCode = (typeof LocalWriteErrorCode)[keyof typeof LocalWriteErrorCode];

/** A local write was refused; nothing was written, locally or to the outbox. */
export class LocalWriteError extends Error {
  override readonly name = 'LocalWriteError';
  readonly code: LocalWriteErrorCode;
  /** For `invalid-args`: which argument was wrong, and why. */
  readonly issues: readonly { path: string; message: string }[];

  constructor(
    code: LocalWriteErrorCode,
    message: string,
    issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/** The code of a storage-quota failure, in the activity log and the UI. */
export const QUOTA_EXCEEDED = 'quota-exceeded';

/**
 * Whether IndexedDB refused a write for lack of space: a DOMException `QuotaExceededError`, or
 * Dexie's error of that name (which keeps the browser's in `inner`).
 */
export function isQuotaError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    if ((current as { name?: unknown }).name === 'QuotaExceededError') return true;
    current =
      (current as { inner?: unknown; cause?: unknown }).inner ??
      (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Plain words for a full device: nothing is lost, and what the user can do. */
export const QUOTA_MESSAGE =
  'This device has run out of storage space for Tideline, so the change could not be saved here. ' +
  'What was saved before is kept. Free some space (or remove other sites’ data in the browser’s settings), then try again.';

/** The failure's code for the activity log, whatever was thrown. */
export function errorCode(error: unknown): string {
  if (
    error instanceof OfflineError ||
    error instanceof AuthRequiredError ||
    error instanceof ServerBusyError ||
    error instanceof ProtocolError
  ) {
    return error.code;
  }
  if (isQuotaError(error)) return QUOTA_EXCEEDED;
  if (error instanceof Error && error.name) return error.name;
  return 'unknown';
}

/** Plain words for the UI: what happened and what the user can do. */
export function describeSyncError(error: unknown): string {
  if (
    error instanceof OfflineError ||
    error instanceof AuthRequiredError ||
    error instanceof ServerBusyError
  ) {
    return error.message;
  }
  if (error instanceof ProtocolError) {
    return `Sync failed: ${error.message} Your changes are kept on this device; Tideline tries again on the next change or refresh.`;
  }
  if (isQuotaError(error)) {
    return 'This device has run out of storage space for Tideline, so the latest changes could not be stored here. Your own unsent changes are kept. Free some space (or remove other sites’ data in the browser’s settings), then sync again.';
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Sync failed unexpectedly (${detail}). Your changes are kept on this device; Tideline tries again on the next change or refresh.`;
}
