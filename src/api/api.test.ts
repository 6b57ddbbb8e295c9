import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiErrorCode, ApiRequestError, apiRequest, formatWait } from './api';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest', () => {
  it('returns the checked answer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(200, { n: 1 })),
    );
    await expect(apiRequest('GET', '/x', { schema: z.object({ n: z.number() }) })).resolves.toEqual(
      {
        n: 1,
      },
    );
  });

  it("keeps the server's code and message", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        answer(401, {
          error: { code: 'invalid-credentials', message: 'The email or password is incorrect.' },
        }),
      ),
    );
    const error = await failure(apiRequest('POST', '/auth/sign-in', { body: {} }));
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid-credentials',
      message: 'The email or password is incorrect.',
    });
  });

  it('says how long to wait after 429, in minutes when it is long', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        answer(
          429,
          { error: { code: 'too-many-requests', message: 'Try again in 583 seconds.' } },
          { 'retry-after': '583' },
        ),
      ),
    );
    const error = await failure(apiRequest('POST', '/auth/sign-in', { body: {} }));
    expect(error.retryAfterSeconds).toBe(583);
    expect(error.message).toBe('Too many attempts. Try again in 10 minutes.');
  });

  it('reads a Retry-After given as an HTTP-date', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T12:00:00Z'), toFake: ['Date'] });
    try {
      vi.stubGlobal(
        'fetch',
        vi.fn(async () =>
          answer(
            503,
            { error: { code: 'server-busy', message: 'The server is busy.' } },
            { 'retry-after': 'Fri, 04 Dec 2026 12:01:30 GMT' },
          ),
        ),
      );
      const error = await failure(apiRequest('GET', '/auth/me'));
      expect(error.retryAfterSeconds).toBe(90);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports no answer as offline', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await failure(apiRequest('GET', '/auth/me'));
    expect(error.code).toBe(ApiErrorCode.Offline);
    expect(error.status).toBe(0);
    // The browser says it is online: the server is what cannot be reached.
    vi.stubGlobal('navigator', { onLine: true });
    expect((await failure(apiRequest('GET', '/auth/me'))).message).toBe(
      'Can’t reach the Tideline server. Try again in a moment.',
    );
    vi.stubGlobal('navigator', { onLine: false });
    expect((await failure(apiRequest('GET', '/auth/me'))).message).toBe(
      'You are offline. Try again when you are back online.',
    );
  });

  it('calls a 500 a problem on the server, not busy', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(500, undefined)),
    );
    expect((await failure(apiRequest('GET', '/auth/me'))).message).toBe(
      'The server had a problem (error 500). Try again in a moment.',
    );
  });

  it('refuses an answer that breaks the schema', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(200, { n: 'one' })),
    );
    const error = await failure(apiRequest('GET', '/x', { schema: z.object({ n: z.number() }) }));
    expect(error.code).toBe(ApiErrorCode.BadResponse);
  });
});

describe('formatWait', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
  ])('%i s → %s', (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});
