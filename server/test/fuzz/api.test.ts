// Property-based fuzzing of every API route (see docs/reliability.md). Random and malformed
// requests — other people's ids, wrong methods and content types, odd and oversized JSON, bad
// UTF-8, bad cookies and tokens, foreign origins — must each get an answer below 500; a refusal
// is a 4xx with the error body and leaves every stored row as it was; a read never changes
// anything. Afterwards the server still serves a sync client.
//
//   FUZZ_RUNS=5000 npx vitest run server/test/fuzz      a longer run (default 400 per database)
//   FUZZ_SEED=123 FUZZ_PATH="17:3" npx vitest run …     replay a failure fast-check printed
//   FUZZ_REPORT=1                                        print the answers each route gave
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../../src/protocol/errorBody.js';
import { entryPut, notebookCreate, TestSyncClient } from '../syncClient.js';
import { removeTempDirs } from '../tempDir.js';
import { testDatabaseTargets } from '../testDatabases.js';
import { fuzzRequest, type FuzzRequest } from './fuzzRequest.js';
import { rawBytes, rawRequest, sendRaw } from './rawHttp.js';
import { openFuzzWorld, stateDigest, type FuzzWorld } from './fuzzWorld.js';
import { sendFuzzRequest } from './sendFuzzRequest.js';

afterAll(removeTempDirs);

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PATH = process.env.FUZZ_PATH;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`API fuzzing on ${kind}`, () => {
    let world: FuzzWorld;
    const statuses = new Map<string, Map<number, number>>();

    beforeAll(async () => {
      world = await openFuzzWorld(kind);
    });
    afterAll(async () => {
      await world?.close();
    });

    it('finds the routes from the app itself', () => {
      const urls = world.routes.map((route) => `${route.method} ${route.url}`);
      expect(urls).toContain('POST /api/sync/push');
      expect(urls).toContain('GET /api/events');
      expect(urls.length).toBeGreaterThan(15);
    });

    /** The properties every answer must have; counts the answers for FUZZ_REPORT. */
    async function checkAnswer(request: FuzzRequest): Promise<void> {
      await world.renewCredentials();
      const before = await stateDigest(world.api);
      const response = await sendFuzzRequest(world, request);
      const key = `${request.method} ${request.route.url}`;
      const counts = statuses.get(key) ?? new Map<number, number>();
      counts.set(response.statusCode, (counts.get(response.statusCode) ?? 0) + 1);
      statuses.set(key, counts);

      expect(response.statusCode, response.body).toBeLessThan(500);
      if (response.statusCode >= 400 && request.method !== 'HEAD') {
        assertErrorBody(JSON.parse(response.body));
      }
      if (response.statusCode >= 400 || SAFE_METHODS.has(request.method)) {
        expect(await stateDigest(world.api), `${response.statusCode} ${response.body}`).toEqual(
          before,
        );
      }
    }

    const options = { seed: SEED, ...(PATH !== undefined ? { path: PATH } : {}) };

    it(
      'answers every request below 500, and refuses without changing anything',
      async () => {
        await fc.assert(fc.asyncProperty(fuzzRequest(world.routes), checkAnswer), {
          ...options,
          numRuns: RUNS,
        });
      },
      Math.max(60_000, RUNS * 400),
    );

    it(
      'fuzzes each route on its own too, so none is left out by chance',
      async () => {
        const perRoute = Math.max(4, Math.round(RUNS / world.routes.length / 4));
        for (const route of world.routes) {
          await fc.assert(fc.asyncProperty(fuzzRequest([route]), checkAnswer), {
            ...options,
            numRuns: perRoute,
          });
        }
        // FUZZ_REPORT=1: the answers each route gave, for docs/reliability.md.
        if (process.env.FUZZ_REPORT) {
          console.warn(
            `API fuzzing on ${kind}: seed ${SEED}, ${RUNS} runs + ${perRoute} per route\n` +
              [...statuses.entries()]
                .sort(([a], [b]) => a.localeCompare(b))
                .map(
                  ([route, counts]) =>
                    `  ${route}: ${[...counts.entries()]
                      .sort(([a], [b]) => a - b)
                      .map(([status, count]) => `${status}×${count}`)
                      .join(' ')}`,
                )
                .join('\n'),
          );
        }
      },
      Math.max(60_000, RUNS * 400),
    );

    it(
      'answers raw, malformed HTTP on a socket with the error body',
      async () => {
        await world.api.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = world.api.app.server.address() as AddressInfo;
        await fc.assert(
          fc.asyncProperty(rawRequest, async (request) => {
            await world.renewCredentials();
            const before = await stateDigest(world.api);
            const answer = await sendRaw(port, rawBytes(request, world));
            // No answer at all is right only while the server still waits for an owed body.
            if (answer === undefined) return;
            expect(answer.statusCode, answer.body).toBeLessThan(500);
            const streaming = answer.headers['content-type']?.startsWith('text/event-stream');
            if (answer.statusCode >= 400 && request.method !== 'HEAD' && !streaming) {
              assertErrorBody(JSON.parse(answer.body));
            }
            if (answer.statusCode >= 400) {
              expect(await stateDigest(world.api), answer.body).toEqual(before);
            }
          }),
          { ...options, numRuns: Math.max(20, Math.round(RUNS / 4)) },
        );
      },
      Math.max(60_000, RUNS * 1_000),
    );

    it('still serves a sync client afterwards', async () => {
      const health = await world.api.request({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);

      const newcomer = new TestSyncClient(world.api, await world.api.signUp());
      const notebookId = crypto.randomUUID();
      const entryId = crypto.randomUUID();
      const pushed = await newcomer.push([
        notebookCreate(notebookId, 'After fuzzing'),
        entryPut(notebookId, { title: 'still here', tags: ['ok'] }, entryId),
      ]);
      expect(pushed).toMatchObject({ applied: 2, rejected: 0, lastMutationId: 2 });
      const pages = await newcomer.pullAll();
      const entries = pages.flatMap((page) => page.changes.flatMap((change) => change.entries));
      expect(entries).toEqual([
        expect.objectContaining({
          id: entryId,
          version: 2,
          fields: expect.objectContaining({ title: 'still here', tags: ['ok'] }),
        }),
      ]);
      expect(pages.at(-1)?.lastMutationId).toBe(2);
    });
  });
}
