// Defects the API fuzzer found, each kept as the request that showed it (with the seed and path
// fast-check printed), so they stay fixed. See docs/reliability.md.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../../src/protocol/errorBody.js';
import { removeTempDirs } from '../tempDir.js';
import { testDatabaseTargets } from '../testDatabases.js';
import type { FuzzRequest } from './fuzzRequest.js';
import { openFuzzWorld, stateDigest, type FuzzWorld } from './fuzzWorld.js';
import { sendRaw } from './rawHttp.js';
import { sendFuzzRequest } from './sendFuzzRequest.js';

afterAll(removeTempDirs);

describe('API fuzzing regressions', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await openFuzzWorld('sqlite');
  });
  afterAll(async () => {
    await world?.close();
  });

  // FUZZ_SEED=1 FUZZ_PATH="33:1:0:0:0:0:0:0:0": a path that is not valid percent-encoded UTF-8
  // was answered by Fastify's own 400 body ({"error":"Bad Request","code":"FST_ERR_BAD_URL"…}),
  // bypassing the app's error handler. Fixed by app.ts's frameworkErrors option.
  it('a badly percent-encoded path gets the error body', async () => {
    const request: FuzzRequest = {
      route: { method: 'GET', url: '/api/notebooks/:notebookId/invites' },
      method: 'GET',
      params: { notebookId: { raw: '%C3%28' } },
      query: '?=1',
      auth: 'none',
      origin: 'app',
      secFetchSite: undefined,
      contentType: undefined,
      body: { kind: 'json', value: {} },
    };
    const before = await stateDigest(world.api);
    for (const auth of ['none', 'cookie'] as const) {
      const response = await sendFuzzRequest(world, { ...request, auth });
      expect(response.statusCode).toBe(400);
      const body: unknown = JSON.parse(response.body);
      assertErrorBody(body);
      expect(body.error.code).toBe('bad-request');
    }
    expect(await stateDigest(world.api)).toEqual(before);
  });

  // Found by the raw-HTTP property (counterexample `GET /api/ HTTP/1.1` with no headers): Node
  // answered an HTTP/1.1 request without Host with an empty 400, and Fastify answered requests
  // its parser refused with its own body ({"error":"Bad Request","message":"Client Error"…}).
  // Fixed by server/http/clientErrors.ts.
  it.each([
    ['no Host header', 'GET /api/ HTTP/1.1\r\n\r\n', 400],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    [
      'a control character in a header name',
      'GET / HTTP/1.1\r\nHost: x\r\nA\u0001B: 1\r\n\r\n',
      400,
    ],
    [
      'two Content-Lengths',
      'POST /api/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      400,
    ],
    [
      'bad chunked framing',
      'POST /api/sync/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      400,
    ],
    [
      'headers over the size limit',
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
  ])('%s gets the error body', async (_name, raw, status) => {
    const port = await listening();
    const answer = await sendRaw(port, Buffer.from(raw, 'latin1'));
    expect(answer?.statusCode).toBe(status);
    const body: unknown = JSON.parse(answer!.body);
    assertErrorBody(body);
    expect(body.error.code).toBe('bad-request');
  });

  it('an HTTP/1.0 request may still leave Host out', async () => {
    const answer = await sendRaw(
      await listening(),
      Buffer.from('GET /api/health HTTP/1.0\r\n\r\n'),
    );
    expect(answer?.statusCode).toBe(200);
  });

  let port: number | undefined;
  async function listening(): Promise<number> {
    if (port === undefined) {
      await world.api.app.listen({ port: 0, host: '127.0.0.1' });
      port = (world.api.app.server.address() as AddressInfo).port;
    }
    return port;
  }
});

// FUZZ_SEED=440472146 FUZZ_PATH="3:1:1:1:1:1:1" (the per-route property, on PostgreSQL):
// DELETE /api/auth/sessions/%00 was answered 500, as PostgreSQL refuses a NUL in text. The
// session id was checked only for length; now it must be a UUID, as every id in a path is.
for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`API fuzzing regressions on ${kind}`, () => {
    let world: FuzzWorld;
    beforeAll(async () => {
      world = await openFuzzWorld(kind);
    });
    afterAll(async () => {
      await world?.close();
    });

    it.each(['%00', 'not-a-session', '%E2%80%8B'])(
      'a session id that is not a UUID (%s) is refused with 400 and changes nothing',
      async (raw) => {
        const before = await stateDigest(world.api);
        const response = await sendFuzzRequest(world, {
          route: { method: 'DELETE', url: '/api/auth/sessions/:id' },
          method: 'DELETE',
          params: { id: { raw } },
          query: '',
          auth: 'cookie',
          origin: 'app',
          secFetchSite: undefined,
          contentType: 'application/json',
          body: { kind: 'json', value: {} },
        });
        expect(response.statusCode).toBe(400);
        const body: unknown = JSON.parse(response.body);
        assertErrorBody(body);
        expect(await stateDigest(world.api)).toEqual(before);
      },
    );
  });
}
