import { afterAll, describe, expect, it } from 'vitest';
import { assertHealthResponse } from '../../src/protocol/health.js';
import { buildApp } from '../app.js';
import { readPackageVersion } from '../repoRoot.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import { openTestDatabase, testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`GET /api/health on ${kind}`, () => {
    it('answers ok with the version and the database kind', async () => {
      const { database, cleanup } = await openTestDatabase(kind);
      const app = buildApp({ config: testConfig(), database, logger: false });
      try {
        const response = await app.inject({ url: '/api/health' });
        expect(response.statusCode).toBe(200);
        const body: unknown = response.json();
        assertHealthResponse(body);
        expect(body).toEqual({ status: 'ok', version: readPackageVersion(), database: kind });
      } finally {
        await app.close();
        await cleanup();
      }
    });

    it('answers 503 database-unavailable when the database does not answer', async () => {
      const { database, cleanup } = await openTestDatabase(kind);
      const app = buildApp({ config: testConfig(), database, logger: false });
      try {
        await database.close();
        const response = await app.inject({ url: '/api/health' });
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({
          error: {
            code: 'database-unavailable',
            message: 'The database is not answering. Try again shortly.',
          },
        });
      } finally {
        await app.close();
        await cleanup();
      }
    });
  });
}
