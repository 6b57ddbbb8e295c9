// What people expect of an account: changing the password signs out every other device, "sign
// out of all other devices" does just that, and bearer tokens expire unless used, renewing on use
// like a browser's session, by the configured lifetime.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MeResponse, TokenResponse } from '../../src/protocol/auth.js';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const PASSWORD = 'correct horse battery';
const DAY = 24 * 60 * 60 * 1000;

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`accounts on ${kind}`, () => {
    let api: ApiHarness;
    afterEach(async () => api.close());

    const signIn = (email: string, password: string) =>
      api.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { origin: APP_ORIGIN },
        payload: { email, password },
      });
    const cookieOf = (response: { headers: Record<string, unknown> }) =>
      String(response.headers['set-cookie']).split(';')[0] as string;
    const me = (headers: Record<string, string>) => api.request({ url: '/api/auth/me', headers });
    const passwordHash = async (userId: string) =>
      (
        await api.database.db
          .selectFrom('users')
          .select('password_hash')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
      ).password_hash;

    it('changes the password and signs out every other device', async () => {
      api = await openApiHarness(kind);
      const ana = await api.signUp('ana@example.org');
      const phone = cookieOf(await signIn('ana@example.org', PASSWORD));
      const token = (
        await api.request({
          method: 'POST',
          url: '/api/auth/tokens',
          headers: { origin: APP_ORIGIN },
          payload: { email: 'ana@example.org', password: PASSWORD },
        })
      ).json() as TokenResponse;

      const changed = await api.request({
        method: 'POST',
        url: '/api/auth/password',
        headers: ana.headers,
        payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ signedOut: 2 });

      expect((await me(ana.headers)).statusCode).toBe(200);
      expect((await me({ cookie: phone })).statusCode).toBe(401);
      expect((await me({ authorization: `Bearer ${token.token}` })).statusCode).toBe(401);
      expect((await signIn('ana@example.org', PASSWORD)).statusCode).toBe(401);
      expect((await signIn('ana@example.org', 'a brand new passphrase')).statusCode).toBe(200);
    });

    it.each([
      [
        'a wrong current password',
        { currentPassword: 'not it', newPassword: 'whatever else' },
        403,
      ],
      ['a new password too short', { currentPassword: PASSWORD, newPassword: 'short' }, 400],
      ['no current password', { newPassword: 'whatever else' }, 400],
      ['an unknown field', { currentPassword: PASSWORD, newPassword: 'x'.repeat(9), a: 1 }, 400],
    ])('refuses %s and changes nothing', async (_name, payload, status) => {
      api = await openApiHarness(kind);
      const ana = await api.signUp('ana@example.org');
      const phone = cookieOf(await signIn('ana@example.org', PASSWORD));
      const hash = await passwordHash(ana.user.id);
      const refused = await api.request({
        method: 'POST',
        url: '/api/auth/password',
        headers: ana.headers,
        payload,
      });
      expect(refused.statusCode).toBe(status);
      assertErrorBody(refused.json());
      expect(await passwordHash(ana.user.id)).toBe(hash);
      expect((await me({ cookie: phone })).statusCode).toBe(200);
    });

    it('counts wrong current passwords against the account’s sign-in budget', async () => {
      api = await openApiHarness(kind);
      const ana = await api.signUp('ana@example.org');
      const attempts = await Promise.all(
        Array.from({ length: 12 }, () =>
          api.request({
            method: 'POST',
            url: '/api/auth/password',
            headers: ana.headers,
            payload: { currentPassword: 'guess', newPassword: 'whatever else' },
          }),
        ),
      );
      const statuses = attempts.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 403)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    });

    it('signs out every other device and keeps this one', async () => {
      api = await openApiHarness(kind);
      const ana = await api.signUp('ana@example.org');
      const bo = await api.signUp('bo@example.org');
      const phone = cookieOf(await signIn('ana@example.org', PASSWORD));
      const tablet = cookieOf(await signIn('ana@example.org', PASSWORD));
      const out = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out-others',
        headers: ana.headers,
      });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toEqual({ signedOut: 2 });
      expect((await me(ana.headers)).statusCode).toBe(200);
      expect((await me({ cookie: phone })).statusCode).toBe(401);
      expect((await me({ cookie: tablet })).statusCode).toBe(401);
      expect((await me(bo.headers)).statusCode).toBe(200);
    });

    it('issues bearer tokens that last BEARER_TOKEN_DAYS and renew on use', async () => {
      api = await openApiHarness(kind, { bearerTokenTtlMs: 2 * DAY });
      await api.signUp('ana@example.org');
      const before = Date.now();
      const issued = await api.request({
        method: 'POST',
        url: '/api/auth/tokens',
        headers: { origin: APP_ORIGIN },
        payload: { email: 'ana@example.org', password: PASSWORD },
      });
      expect(issued.statusCode).toBe(201);
      const { token, session } = issued.json() as TokenResponse;
      expect(session.expiresAt).toBeGreaterThanOrEqual(before + 2 * DAY);
      expect(session.expiresAt).toBeLessThanOrEqual(Date.now() + 2 * DAY);
      const bearer = { authorization: `Bearer ${token}` };

      // Last used a while ago, an hour from expiring: using it renews it by the lifetime.
      const setTimes = (lastSeenAt: number, expiresAt: number) =>
        api.database.db
          .updateTable('sessions')
          .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
          .where('id', '=', session.id)
          .execute();
      await setTimes(Date.now() - 10 * 60_000, Date.now() + 60 * 60_000);
      const renewed = await me(bearer);
      expect(renewed.statusCode).toBe(200);
      expect((renewed.json() as MeResponse).session.expiresAt).toBeGreaterThan(
        Date.now() + 2 * DAY - 60_000,
      );

      // Unused past its expiry: gone.
      await setTimes(Date.now() - 3 * DAY, Date.now() - 1);
      expect((await me(bearer)).statusCode).toBe(401);
    });
  });
}
