import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../src/protocol/errorBody.js';
import { healthResponseSchema } from '../src/protocol/health.js';
import { StartupError } from './errors.js';
import { startServer } from './startServer.js';
import { makeStaticDir } from './test/staticFixture.js';
import { removeTempDirs } from './test/tempDir.js';
import { testConfig } from './test/testConfig.js';
import { testDatabaseLocation, testDatabaseTargets } from './test/testDatabases.js';

afterAll(removeTempDirs);

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { server, port: address.port };
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`startServer on ${kind}`, () => {
    it('listens on a free port, serves the API and the client, and closes', async () => {
      const location = testDatabaseLocation(kind);
      const config = testConfig({ ...location.config, staticDir: makeStaticDir() });
      const server = await startServer(config, { ...location.options, logger: false });
      try {
        expect(server.port).toBeGreaterThan(0);
        expect(server.url).toBe(`http://127.0.0.1:${server.port}`);

        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(200);
        expect(healthResponseSchema.parse(await health.json()).database).toBe(kind);

        const index = await fetch(`${server.url}/notebooks/n1`, {
          headers: { accept: 'text/html' },
        });
        expect(index.status).toBe(200);
        expect(index.headers.get('cache-control')).toBe('no-cache');

        const missing = await fetch(`${server.url}/api/missing`);
        expect(missing.status).toBe(404);
        errorBodySchema.parse(await missing.json());
      } finally {
        await server.close();
        await server.close(); // closing twice is harmless
        await location.cleanup();
      }
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    });
  });
}

describe('startServer failures', () => {
  it('reports a port in use as a StartupError and releases the database', async () => {
    const { server: blocker, port } = await occupyPort();
    try {
      const config = testConfig({ port });
      const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect(failure).toMatchObject({
        code: 'port-in-use',
        message: `Port ${port} is already in use: stop the other process or set PORT`,
      });
    } finally {
      blocker.close();
    }
  });
});
