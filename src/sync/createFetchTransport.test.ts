import { describe, expect, it } from 'vitest';
import type { PullResponse, PushRequest } from '../protocol/sync';
import { createFetchTransport } from './createFetchTransport';
import { AuthRequiredError, OfflineError, ProtocolError, ServerBusyError } from './errors';
import { parseRetryAfter } from '../protocol/retryAfter';
import { errorResponse } from './testing/testDevice';

const push: PushRequest = { clientId: '0190a0b0-0000-7000-8000-000000000001', mutations: [] };
const NOW = Date.UTC(2026, 0, 1);

function transportAnswering(answer: () => Response | Promise<Response>) {
  const seen: { url: string; init: RequestInit | undefined }[] = [];
  const transport = createFetchTransport({
    baseUrl: 'https://tideline.test/',
    headers: () => ({ authorization: 'Bearer t0k3n' }),
    now: () => NOW,
    fetch: (async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return answer();
    }) as typeof fetch,
  });
  return { transport, seen };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('createFetchTransport', () => {
  it('posts JSON with the given headers and returns the checked answer', async () => {
    const answer: PullResponse = {
      notebooks: [],
      removedNotebooks: [],
      changes: [],
      hasMore: false,
      lastMutationId: 0,
      rejections: [],
    };
    const { transport, seen } = transportAnswering(() => Response.json(answer));
    expect(await transport.pull({ clientId: push.clientId, cursors: {} })).toEqual(answer);
    expect(seen[0]!.url).toBe('https://tideline.test/api/sync/pull');
    expect(seen[0]!.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0k3n' },
    });
  });

  it('maps a fetch that rejects to OfflineError', async () => {
    const transport = createFetchTransport({
      baseUrl: 'https://tideline.test',
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    const error = await failure(transport.push(push));
    expect(error).toBeInstanceOf(OfflineError);
    expect((error as OfflineError).cause).toBeInstanceOf(TypeError);
  });

  it('maps a request that takes too long to OfflineError', async () => {
    const transport = createFetchTransport({
      baseUrl: 'https://tideline.test',
      timeoutMs: 20,
      fetch: ((_url: string, init?: RequestInit) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        })) as typeof fetch,
    });
    expect(await failure(transport.push(push))).toBeInstanceOf(OfflineError);
  });

  it('maps 401 to AuthRequiredError', async () => {
    const { transport } = transportAnswering(() => errorResponse(401, 'unauthenticated'));
    const error = await failure(transport.push(push));
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error).toMatchObject({ status: 401, serverCode: 'unauthenticated' });
  });

  it('maps 429 and 5xx to ServerBusyError with Retry-After in seconds or as a date', async () => {
    const seconds = transportAnswering(() =>
      errorResponse(429, 'too-many-requests', { 'retry-after': '30' }),
    );
    expect(await failure(seconds.transport.push(push))).toMatchObject({
      name: 'ServerBusyError',
      status: 429,
      retryAfterMs: 30_000,
    });
    const date = transportAnswering(() =>
      errorResponse(503, 'database-unavailable', {
        'retry-after': new Date(NOW + 90_000).toUTCString(),
      }),
    );
    expect(await failure(date.transport.push(push))).toMatchObject({
      status: 503,
      retryAfterMs: 90_000,
    });
    const bare = transportAnswering(() => new Response('oops', { status: 500 }));
    const error = await failure(bare.transport.push(push));
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterMs).toBeUndefined();
  });

  it("maps other 4xx to ProtocolError with the server's code and message", async () => {
    const { transport } = transportAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'client-mismatch',
              message: 'This client id belongs to another account',
            },
          }),
          { status: 403 },
        ),
    );
    const error = await failure(transport.push(push));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      status: 403,
      code: 'client-mismatch',
      message: 'This client id belongs to another account',
    });
    const plain = transportAnswering(() => new Response('nope', { status: 404 }));
    expect(await failure(plain.transport.push(push))).toMatchObject({
      status: 404,
      code: 'http-404',
    });
  });

  it('refuses a 2xx answer that breaks the protocol', async () => {
    const wrongShape = transportAnswering(() => Response.json({ lastMutationId: 'many' }));
    expect(await failure(wrongShape.transport.push(push))).toMatchObject({
      name: 'ProtocolError',
      code: 'bad-response',
    });
    const notJson = transportAnswering(() => new Response('<html>', { status: 200 }));
    expect(await failure(notJson.transport.push(push))).toMatchObject({ code: 'bad-response' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
