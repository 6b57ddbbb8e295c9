// The page's calls to the REST API that are not sync (accounts, members, invites): JSON in and
// out over this origin with the session cookie. Every failure becomes an ApiRequestError whose
// `code` and `status` callers branch on; its message is plain words a person can act on. The sync
// core has its own transport (src/sync/createFetchTransport.ts); this one is for the UI's calls.
import type { z } from 'zod';
import { isErrorBody } from '../protocol/errorBody';
import { parseRetryAfter } from '../protocol/retryAfter';

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

const DEFAULT_TIMEOUT_MS = 20_000;

async function failureFor(response: Response): Promise<ApiRequestError> {
  const { status } = response;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const server = isErrorBody(body) ? body.error : undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  let message: string;
  if (status === 429) {
    // The server's message has the wait in raw seconds; say it in the unit people think in.
    message =
      retryAfterSeconds !== undefined
        ? `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`
        : (server?.message ?? 'Too many attempts. Wait a few minutes and try again.');
  } else if (server?.message) {
    message = server.message;
  } else if (status >= 500) {
    message = `The server had a problem (HTTP ${status}). Try again in a moment.`;
  } else {
    message = `The server refused the request (HTTP ${status}).`;
  }
  return new ApiRequestError({
    status,
    code: server?.code ?? `http-${status}`,
    message,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  });
}

export interface ApiRequestOptions<S extends z.ZodType | undefined> {
  body?: unknown;
  /** Checks a 2xx answer; without one the answer's body is ignored (204s). */
  schema?: S;
  timeoutMs?: number;
}

type Answer<S> = S extends z.ZodType ? z.infer<S> : void;

/** Calls `/api<path>` and returns the checked answer, or throws an ApiRequestError. */
export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: ApiRequestOptions<S> = {},
): Promise<Answer<S>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch (error) {
    throw new ApiRequestError({
      status: 0,
      code: ApiErrorCode.Offline,
      message: 'Tideline could not reach its server. Check your connection and try again.',
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw await failureFor(response);
  if (!options.schema) return undefined as Answer<S>;
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new ApiRequestError({
      status: response.status,
      code: ApiErrorCode.BadResponse,
      message: 'The server sent an answer Tideline cannot read. Try again in a moment.',
      cause: error,
    });
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError({
      status: response.status,
      code: ApiErrorCode.BadResponse,
      message: 'The server sent an answer Tideline does not understand; reload to update the app.',
      cause: parsed.error,
    });
  }
  return parsed.data as Answer<S>;
}
