// The sign-in budgets hold under concurrency: an attempt is counted before its password is
// checked, so a burst of wrong passwords sent at once meets the same limits as one sent in turn.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`sign-in limits under concurrency on ${kind}`, () => {
    let api: ApiHarness;
    afterEach(async () => api.close());

    const burst = (count: number, email: string, address: (i: number) => string) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          api.request({
            method: 'POST',
            url: '/api/auth/sign-in',
            headers: { origin: APP_ORIGIN },
            remoteAddress: address(i),
            payload: { email, password: `wrong password ${i}` },
          }),
        ),
      );

    describe('per account', () => {
      beforeEach(async () => {
        api = await openApiHarness(kind, { authAttemptsPerIp: 1000 });
      });

      it('refuses all but 10 of 30 concurrent wrong passwords from one address', async () => {
        await api.signUp('race@example.org');
        const responses = await burst(30, 'race@example.org', () => '203.0.113.7');
        const statuses = responses.map((response) => response.statusCode);
        expect(statuses.filter((status) => status === 401)).toHaveLength(10);
        expect(statuses.filter((status) => status === 429)).toHaveLength(20);
      });

      it('refuses all but 10 of 20 concurrent wrong passwords from 20 addresses', async () => {
        await api.signUp('spread@example.org');
        const responses = await burst(20, 'spread@example.org', (i) => `203.0.113.${i + 1}`);
        const statuses = responses.map((response) => response.statusCode);
        expect(statuses.filter((status) => status === 401)).toHaveLength(10);
        expect(statuses.filter((status) => status === 429)).toHaveLength(10);
        const correct = await api.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          headers: { origin: APP_ORIGIN },
          payload: { email: 'spread@example.org', password: 'correct horse battery' },
        });
        expect(correct.statusCode).toBe(429);
      });
    });

    it('holds the per-address budget for concurrent attempts at many accounts', async () => {
      api = await openApiHarness(kind, { authAttemptsPerIp: 5 });
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          api.request({
            method: 'POST',
            url: '/api/auth/sign-in',
            headers: { origin: APP_ORIGIN },
            remoteAddress: '198.51.100.9',
            payload: { email: `nobody${i}@example.org`, password: 'wrong password' },
          }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    });
  });
}
