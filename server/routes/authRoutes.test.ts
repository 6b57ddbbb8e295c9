import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const password = 'correct horse battery';

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`/api/auth on ${kind}`, () => {
    let api: ApiHarness;
    beforeEach(async () => {
      api = await openApiHarness(kind);
    });
    afterEach(async () => api.close());

    const post = (
      url: string,
      payload: unknown,
      headers: Record<string, string> = { origin: APP_ORIGIN },
    ) => api.request({ method: 'POST', url, payload: payload as object, headers });

    it('signs up with an HttpOnly, SameSite=Strict session cookie', async () => {
      const response = await post('/api/auth/sign-up', {
        email: ' Ana@Example.org ',
        password,
        name: 'Ana',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        user: { email: 'ana@example.org', name: 'Ana' },
        session: { kind: 'cookie', current: true },
      });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(
        /^tideline_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
      );
      const again = await post('/api/auth/sign-up', { email: 'ana@example.org', password });
      expect(again.statusCode).toBe(409);
      expect(await api.database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    });

    it('marks the cookie Secure when the app is served over HTTPS behind a proxy', async () => {
      const secureApi = await openApiHarness(kind, { publicOrigin: 'https://notes.example.org' });
      try {
        const response = await secureApi.request({
          method: 'POST',
          url: '/api/auth/sign-up',
          headers: { origin: 'https://notes.example.org' },
          payload: { email: 'tls@example.org', password },
        });
        expect(response.statusCode).toBe(201);
        expect(String(response.headers['set-cookie'])).toMatch(/; Secure$/);
        const foreign = await secureApi.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          headers: { origin: APP_ORIGIN },
          payload: { email: 'tls@example.org', password },
        });
        expect(foreign.statusCode).toBe(403);
      } finally {
        await secureApi.close();
      }
    });

    it('answers a wrong password and an unknown email with the same error', async () => {
      await api.signUp('bo@example.org');
      const wrong = await post('/api/auth/sign-in', {
        email: 'bo@example.org',
        password: 'not the password',
      });
      const unknown = await post('/api/auth/sign-in', {
        email: 'nobody@example.org',
        password: 'not the password',
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      const right = await post('/api/auth/sign-in', {
        email: 'BO@example.org',
        password,
        deviceName: 'Phone',
      });
      expect(right.statusCode).toBe(200);
      expect(right.json()).toMatchObject({ session: { deviceName: 'Phone' } });
    });

    it('lists the devices signed in and revokes one', async () => {
      const first = await api.signUp('cy@example.org');
      const second = await post('/api/auth/sign-in', {
        email: 'cy@example.org',
        password,
        deviceName: 'Laptop',
      });
      const secondCookie = String(second.headers['set-cookie']).split(';')[0] as string;
      const list = await api.request({
        url: '/api/auth/sessions',
        headers: { cookie: first.cookie },
      });
      const sessions = (
        list.json() as { sessions: { id: string; deviceName: string; current: boolean }[] }
      ).sessions;
      expect(sessions).toHaveLength(2);
      const laptop = sessions.find((session) => session.deviceName === 'Laptop')!;
      expect(laptop.current).toBe(false);

      const revoke = await api.request({
        method: 'DELETE',
        url: `/api/auth/sessions/${laptop.id}`,
        headers: first.headers,
      });
      expect(revoke.statusCode).toBe(204);
      const me = await api.request({ url: '/api/auth/me', headers: { cookie: secondCookie } });
      expect(me.statusCode).toBe(401);
      const missing = await api.request({
        method: 'DELETE',
        url: `/api/auth/sessions/${laptop.id}`,
        headers: first.headers,
      });
      expect(missing.statusCode).toBe(404);
    });

    it('answers the start-up probe with the session, or nulls and 200 when nobody is signed in', async () => {
      const ana = await api.signUp('probe@example.org');
      const signedIn = await api.request({
        url: '/api/auth/session',
        headers: { cookie: ana.cookie },
      });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toMatchObject({
        user: { email: 'probe@example.org' },
        session: { kind: 'cookie', current: true },
      });
      const nobody = await api.request({ url: '/api/auth/session' });
      expect(nobody.statusCode).toBe(200);
      expect(nobody.json()).toEqual({ user: null, session: null });
      await api.request({ method: 'POST', url: '/api/auth/sign-out', headers: ana.headers });
      const ended = await api.request({
        url: '/api/auth/session',
        headers: { cookie: ana.cookie },
      });
      expect(ended.statusCode).toBe(200);
      expect(ended.json()).toEqual({ user: null, session: null });
      const foreign = await api.request({
        url: '/api/auth/session',
        headers: { cookie: 'tideline_session=not-a-session' },
      });
      expect(foreign.json()).toEqual({ user: null, session: null });
      // /me keeps its contract: it is for the signed in.
      expect((await api.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    });

    it('does not let one user revoke another user’s session', async () => {
      const ana = await api.signUp();
      const bo = await api.signUp();
      const [boSession] = (
        (
          await api.request({ url: '/api/auth/sessions', headers: { cookie: bo.cookie } })
        ).json() as {
          sessions: { id: string }[];
        }
      ).sessions;
      const response = await api.request({
        method: 'DELETE',
        url: `/api/auth/sessions/${boSession!.id}`,
        headers: ana.headers,
      });
      expect(response.statusCode).toBe(404);
      expect(
        (await api.request({ url: '/api/auth/me', headers: { cookie: bo.cookie } })).statusCode,
      ).toBe(200);
    });

    it('signs out, clearing the cookie and ending the session', async () => {
      const user = await api.signUp();
      const response = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: user.headers,
      });
      expect(response.statusCode).toBe(204);
      expect(String(response.headers['set-cookie'])).toContain('Max-Age=0');
      expect(
        (await api.request({ url: '/api/auth/me', headers: { cookie: user.cookie } })).statusCode,
      ).toBe(401);
    });

    it('refuses cookie-authenticated changes from another origin or with no origin', async () => {
      const user = await api.signUp();
      const foreign = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { cookie: user.cookie, origin: 'https://evil.example' },
      });
      expect(foreign.statusCode).toBe(403);
      const none = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { cookie: user.cookie },
      });
      expect(none.statusCode).toBe(403);
      const sameSite = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { cookie: user.cookie, 'sec-fetch-site': 'same-origin' },
      });
      expect(sameSite.statusCode).toBe(204);
    });

    it('issues bearer tokens that work without a cookie or Origin', async () => {
      await api.signUp('dee@example.org');
      const issued = await post('/api/auth/tokens', {
        email: 'dee@example.org',
        password,
        deviceName: 'CLI',
      });
      expect(issued.statusCode).toBe(201);
      expect(issued.headers['set-cookie']).toBeUndefined();
      const { token } = issued.json() as { token: string };
      const me = await api.request({
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.json()).toMatchObject({
        user: { email: 'dee@example.org' },
        session: { kind: 'bearer' },
      });
      const out = await api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(out.statusCode).toBe(204);
      const bad = await api.request({
        url: '/api/auth/me',
        headers: { authorization: 'Token abc' },
      });
      expect(bad.statusCode).toBe(401);
    });

    it('rate limits failed sign-ins per account with Retry-After', async () => {
      await api.signUp('eve@example.org');
      for (let i = 0; i < 10; i++) {
        const response = await post('/api/auth/sign-in', {
          email: 'eve@example.org',
          password: `wrong ${i}`,
        });
        expect(response.statusCode).toBe(401);
      }
      const limited = await post('/api/auth/sign-in', { email: 'eve@example.org', password });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      assertErrorBody(limited.json());
    });

    it.each([
      ['malformed JSON', '{"email":', 400],
      ['missing password', { email: 'x@example.org' }, 400],
      ['wrong types', { email: 5, password: true }, 400],
      ['bad email', { email: 'not-an-email', password }, 400],
      ['short password', { email: 'x@example.org', password: 'short' }, 400],
      ['oversize password', { email: 'x@example.org', password: 'x'.repeat(201) }, 400],
      ['unknown field', { email: 'x@example.org', password, admin: true }, 400],
    ])('refuses sign-up with %s and creates nothing', async (_, payload, status) => {
      const response = await api.request({
        method: 'POST',
        url: '/api/auth/sign-up',
        headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
      expect(response.statusCode).toBe(status);
      assertErrorBody(response.json());
      expect(await api.database.db.selectFrom('users').select('id').execute()).toHaveLength(0);
    });
  });
}
