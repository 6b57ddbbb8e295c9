// The Transport over HTTP: POST /api/sync/push and /api/sync/pull with JSON bodies. Every failure
// becomes a typed error the engine can act on:
//
//   fetch rejects, times out, or the body breaks off   OfflineError
//   401                                                AuthRequiredError
//   408, 429, 5xx                                      ServerBusyError (Retry-After → retryAfterMs)
//   any other status                                   ProtocolError with the server's {code, message}
//   2xx whose body does not match the schema           ProtocolError `bad-response`
import { isErrorBody } from '../protocol/errorBody';
import { pullResponseParser } from '../protocol/parsePullResponse';
import { pushResponseSchema, type PullRequest, type PushRequest } from '../protocol/sync';
import { AuthRequiredError, OfflineError, ProtocolError, ServerBusyError } from './errors';
import { parseRetryAfter } from '../protocol/retryAfter';
import type { Transport } from './Transport';

type Headers = Record<string, string>;

/** A zod schema, or a stand-in with the same safeParse (the pull response's hand-written one). */
interface ResponseParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface FetchTransportOptions {
  /** Where the API lives, e.g. `https://tideline.example` ('' = this origin). */
  baseUrl?: string;
  /** Extra headers, e.g. `{authorization: 'Bearer …'}`; a function is asked before each request. */
  headers?: Headers | (() => Headers | Promise<Headers>);
  fetch?: typeof fetch;
  /** Give up on a request after this long (default 60 s) and report it as offline. */
  timeoutMs?: number;
  /** The clock Retry-After dates are measured against. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

async function readErrorBody(response: Response): Promise<{ code?: string; message?: string }> {
  try {
    const body: unknown = JSON.parse(await response.text());
    return isErrorBody(body) ? body.error : {};
  } catch {
    return {};
  }
}

async function failureFor(response: Response, now: number): Promise<Error> {
  const { status } = response;
  const body = await readErrorBody(response);
  if (status === 401)
    return new AuthRequiredError({ status, ...(body.code && { serverCode: body.code }) });
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    return new ServerBusyError({ status, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  return new ProtocolError({
    status,
    code: body.code ?? `http-${status}`,
    message: body.message ?? `The server refused the request (HTTP ${status}).`,
  });
}

export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;

  async function post<T>(path: string, body: unknown, parser: ResponseParser<T>): Promise<T> {
    const extra =
      typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...extra },
          body: JSON.stringify(body),
          credentials: 'same-origin',
          signal: controller.signal,
        });
      } catch (error) {
        throw new OfflineError(undefined, { cause: error });
      }
      if (!response.ok) throw await failureFor(response, now());
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw new OfflineError(undefined, { cause: error });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ProtocolError({
          status: response.status,
          code: 'bad-response',
          message: 'The server sent an answer Tideline cannot read.',
          cause: error,
        });
      }
      const parsed = parser.safeParse(json);
      if (!parsed.success) {
        throw new ProtocolError({
          status: response.status,
          code: 'bad-response',
          message:
            'The server sent an answer Tideline does not understand; an update may be needed.',
          cause: parsed.error,
        });
      }
      return parsed.data;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    push: (request: PushRequest) => post('/api/sync/push', request, pushResponseSchema),
    pull: (request: PullRequest) => post('/api/sync/pull', request, pullResponseParser),
  };
}
