// The page's calls to the REST API that are not sync (accounts, members, invites): JSON in and
// out over this origin with the session cookie. Every failure becomes an ApiRequestError whose
// `code` and `status` callers branch on; its message is plain words a person can act on. The sync
// core has its own transport (src/sync/createFetchTransport.ts); this one is for the UI's calls.
import type { z } from 'zod';
import { isErrorBody } from '../protocol/errorBody';
import { parseRetryAfter } from '../protocol/retryAfter';
import { ApiErrorCode, ApiRequestError, formatWait } from './apiError';
import { browserOnline, noAnswerMessage } from '../app/connectionState';
import { serverTroubleSentence } from '../sync/errors';

export {
  ApiErrorCode,
  ApiRequestError,
  describeApiError,
  formatWait,
  isOfflineError,
} from './apiError';

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
    message = `${serverTroubleSentence(status)} Try again in a moment.`;
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
      message: noAnswerMessage(browserOnline()),
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
