// "Forgot password?" against a real SMTP server the test starts: the link arrives by e-mail,
// works once and only for a while, sets the new password and ends every session; the answer is
// the same for an address without an account (and no mail goes out); requests are rate limited
// per address; without SMTP the operator's link (issued by the same code) works the same way.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import { issuePasswordReset } from '../auth/passwordResets.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/testSmtpServer.js';

afterAll(removeTempDirs);

const OLD = 'correct horse battery';
const NEW = 'a brand new passphrase';
const LINK = /http:\/\/localhost:80\/reset-password#([A-Za-z0-9_-]{43})/;

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`password reset on ${kind}`, () => {
    let api: ApiHarness;
    let smtp: TestSmtpServer;

    beforeEach(async () => {
      smtp = await startTestSmtpServer();
      api = await openApiHarness(kind, {
        publicOrigin: APP_ORIGIN,
        mail: { smtpUrl: smtp.url, from: 'Tideline <no-reply@localhost>' },
      });
    });
    afterEach(async () => {
      await api.close();
      await smtp.close();
    });

    const ask = (email: string, remoteAddress = '10.0.0.1') =>
      api.request({
        method: 'POST',
        url: '/api/auth/password-reset',
        headers: { origin: APP_ORIGIN },
        remoteAddress,
        payload: { email },
      });
    const confirm = (token: string, newPassword = NEW) =>
      api.request({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        headers: { origin: APP_ORIGIN },
        payload: { token, newPassword },
      });
    const signIn = (email: string, password: string) =>
      api.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { origin: APP_ORIGIN },
        remoteAddress: '10.9.9.9',
        payload: { email, password },
      });

    it('mails a one-time link that sets a new password and signs out every device', async () => {
      const ana = await api.signUp('ana@example.org', 'Ana');
      const asked = await ask('Ana@Example.org');
      expect(asked.statusCode).toBe(202);
      expect(asked.json()).toEqual({ mail: true });
      const mail = await smtp.waitFor('ana@example.org');
      expect(mail.text).toContain('Subject: Reset your Tideline password');
      const token = LINK.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      // Stored only as a hash.
      const rows = await api.database.db.selectFrom('password_resets').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);

      const done = await confirm(token!);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toEqual({ signedOut: 1 });
      expect((await api.request({ url: '/api/auth/me', headers: ana.headers })).statusCode).toBe(
        401,
      );
      expect((await signIn('ana@example.org', OLD)).statusCode).toBe(401);
      expect((await signIn('ana@example.org', NEW)).statusCode).toBe(200);

      const again = await confirm(token!, 'yet another passphrase');
      expect(again.statusCode).toBe(400);
      assertErrorBody(again.json());
      expect(again.json().error.code).toBe('reset-link-invalid');
      expect((await signIn('ana@example.org', NEW)).statusCode).toBe(200);
    });

    it('answers the same for an address without an account, and sends nothing', async () => {
      await api.signUp('ben@example.org', 'Ben');
      const unknown = await ask('nobody@example.org');
      const known = await ask('ben@example.org');
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      await smtp.waitFor('ben@example.org');
      expect(smtp.messages.map((m) => m.to)).toEqual([['ben@example.org']]);
    });

    it('refuses expired, unknown and malformed tokens and changes nothing', async () => {
      const cleo = await api.signUp('cleo@example.org', 'Cleo');
      const issued = await issuePasswordReset(
        api.database,
        'cleo@example.org',
        60_000,
        Date.now() - 120_000,
      );
      const expired = await confirm(issued!.token);
      expect(expired.statusCode).toBe(400);
      expect((await confirm('A'.repeat(43))).statusCode).toBe(400);
      const malformed = await confirm('not a token!');
      expect(malformed.statusCode).toBe(400);
      assertErrorBody(malformed.json());
      expect((await confirm(issued!.token, 'short')).statusCode).toBe(400);
      expect((await api.request({ url: '/api/auth/me', headers: cleo.headers })).statusCode).toBe(
        200,
      );
      expect((await signIn('cleo@example.org', OLD)).statusCode).toBe(200);
    });

    it('a newer link replaces the older one', async () => {
      await api.signUp('dan@example.org', 'Dan');
      const first = await issuePasswordReset(api.database, 'dan@example.org', 60_000);
      const second = await issuePasswordReset(api.database, 'dan@example.org', 60_000);
      expect((await confirm(first!.token)).statusCode).toBe(400);
      expect((await confirm(second!.token)).statusCode).toBe(200);
    });

    it('limits requests per address whether or not it has an account', async () => {
      for (const email of ['eve@example.org', 'nobody@example.org']) {
        for (let i = 0; i < 3; i++) expect((await ask(email, `10.1.0.${i}`)).statusCode).toBe(202);
        const limited = await ask(email, '10.1.0.99');
        expect(limited.statusCode).toBe(429);
        expect(limited.headers['retry-after']).toBeDefined();
      }
    });

    it('needs the app origin', async () => {
      const response = await api.request({
        method: 'POST',
        url: '/api/auth/password-reset',
        headers: { origin: 'https://evil.example' },
        payload: { email: 'ana@example.org' },
      });
      expect(response.statusCode).toBe(403);
    });
  });

  describe.runIf(enabled)(`password reset without SMTP on ${kind}`, () => {
    it('says no e-mail goes out; the operator link works', async () => {
      const api = await openApiHarness(kind);
      try {
        await api.signUp('fay@example.org', 'Fay');
        const asked = await api.request({
          method: 'POST',
          url: '/api/auth/password-reset',
          headers: { origin: APP_ORIGIN },
          payload: { email: 'fay@example.org' },
        });
        expect(asked.statusCode).toBe(202);
        expect(asked.json()).toEqual({ mail: false });
        expect(await api.database.db.selectFrom('password_resets').selectAll().execute()).toEqual(
          [],
        );
        const issued = await issuePasswordReset(api.database, 'fay@example.org', 60_000);
        const done = await api.request({
          method: 'POST',
          url: '/api/auth/password-reset/confirm',
          headers: { origin: APP_ORIGIN },
          payload: { token: issued!.token, newPassword: NEW },
        });
        expect(done.statusCode, done.body).toBe(200);
      } finally {
        await api.close();
      }
    });
  });
}
