// Defects the API fuzzer found, each kept as the request that showed it (with the seed and path
// fast-check printed), so they stay fixed. See docs/reliability.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../../src/protocol/errorBody.js';
import { removeTempDirs } from '../tempDir.js';
import type { FuzzRequest } from './fuzzRequest.js';
import { openFuzzWorld, stateDigest, type FuzzWorld } from './fuzzWorld.js';
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
});
