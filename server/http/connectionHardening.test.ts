// Connections cannot be held open for free, every answer carries the security headers (Node's own
// 400/408/431 too), and behind a trusted proxy each client gets its own per-address budget.
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness, APP_ORIGIN } from '../test/apiHarness.js';
import { openRawSocket, responseHeaders, within, type RawSocket } from '../test/rawSocket.js';
import { SseClient } from '../test/sseClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { HSTS, PERMISSIONS_POLICY } from './responseHeaders.js';

afterAll(removeTempDirs);

const SHORT = { requestMs: 800, headersMs: 800, idleMs: 800, keepAliveMs: 500, checkEveryMs: 100 };

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-frame-options']).toBe('DENY');
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`connection hardening on ${kind}`, () => {
    let api: ApiHarness;
    const sockets: RawSocket[] = [];
    afterEach(async () => {
      for (const raw of sockets.splice(0)) raw.socket.destroy();
      await api.close();
    });

    async function listen(): Promise<number> {
      await api.app.listen({ port: 0, host: '127.0.0.1' });
      return (api.app.server.address() as AddressInfo).port;
    }
    async function open(port: number): Promise<RawSocket> {
      const raw = await openRawSocket(port);
      sockets.push(raw);
      return raw;
    }

    it('answers a body that never finishes arriving with 408 and closes the socket', async () => {
      // A trickle keeps the connection from going idle; the request timeout still ends it.
      api = await openApiHarness(kind, {}, { connectionTimeouts: { ...SHORT, idleMs: 10_000 } });
      const raw = await open(await listen());
      raw.socket.write(
        'POST /api/auth/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\n\r\n{"email":"a"',
      );
      expect(await within(raw.closed, 5_000)).toBe(true);
      expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
      expectSecurityHeaders(responseHeaders(raw.received()));
    });

    it('closes a connection that sends nothing, and one left idle after its answer', async () => {
      api = await openApiHarness(kind, {}, { connectionTimeouts: SHORT });
      const port = await listen();
      const silent = await open(port);
      const kept = await open(port);
      kept.socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(await within(silent.closed, 5_000)).toBe(true);
      expect(await within(kept.closed, 5_000)).toBe(true);
      expect(kept.received()).toMatch(/^HTTP\/1\.1 200 /);
    });

    it('keeps an event stream open past the idle timeout', async () => {
      api = await openApiHarness(kind, {}, { connectionTimeouts: SHORT });
      const port = await listen();
      const user = await api.signUp();
      const stream = await SseClient.connect(`http://127.0.0.1:${port}/api/events`, {
        headers: { cookie: user.cookie },
      });
      expect(stream.response.status).toBe(200);
      expect(await within(stream.ended, 2_500)).toBe(false);
      await stream.close();
    });

    it('refuses connections over the per-address cap with 503 and Retry-After', async () => {
      api = await openApiHarness(kind, { connectionsPerAddress: 3 });
      const port = await listen();
      const held = [await open(port), await open(port), await open(port)];
      const over = await open(port);
      expect(await within(over.closed, 5_000)).toBe(true);
      expect(over.received()).toMatch(/^HTTP\/1\.1 503 /);
      const headers = responseHeaders(over.received());
      expect(Number(headers['retry-after'])).toBeGreaterThan(0);
      expectSecurityHeaders(headers);

      held[0]!.socket.destroy();
      await held[0]!.closed;
      const next = await open(port);
      next.socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      await within(next.closed, 5_000);
      expect(next.received()).toMatch(/^HTTP\/1\.1 200 /);
    });

    it.each([
      ['a malformed request line', 'GET / HTTP/9\r\n\r\n', 400],
      ['headers over the size limit', `GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ])('gives Node’s own answer to %s the security headers', async (_name, bytes, status) => {
      api = await openApiHarness(kind, { publicOrigin: 'https://notes.example.org' });
      const raw = await open(await listen());
      raw.socket.write(bytes);
      await within(raw.closed, 5_000);
      expect(raw.received()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      const headers = responseHeaders(raw.received());
      expectSecurityHeaders(headers);
      expect(headers['strict-transport-security']).toBe(HSTS);
    });

    it('sends HSTS only when the public origin is https, and Permissions-Policy always', async () => {
      api = await openApiHarness(kind, { publicOrigin: 'https://notes.example.org' });
      const secure = await api.request({ url: '/api/health' });
      expect(secure.headers['strict-transport-security']).toBe(HSTS);
      expect(secure.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
      await api.close();
      api = await openApiHarness(kind);
      const plain = await api.request({ url: '/nothing-here' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      expect(plain.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
      expect(PERMISSIONS_POLICY).toContain('geolocation=(self)');
      expect(PERMISSIONS_POLICY).toContain('microphone=(self)');
      expect(PERMISSIONS_POLICY).toContain('camera=()');
    });

    describe('TRUST_PROXY', () => {
      const signIn = (peer: string, client: string) =>
        api.request({
          method: 'POST',
          url: '/api/auth/sign-in',
          remoteAddress: peer,
          headers: { origin: APP_ORIGIN, 'x-forwarded-for': client },
          payload: { email: 'nobody@example.org', password: 'wrong password' },
        });

      it('gives each client behind a trusted proxy its own per-address budget', async () => {
        api = await openApiHarness(kind, { authAttemptsPerIp: 2, trustProxy: ['10.0.0.0/8'] });
        expect((await signIn('10.1.2.3', '203.0.113.1')).statusCode).toBe(401);
        expect((await signIn('10.1.2.3', '203.0.113.1')).statusCode).toBe(401);
        expect((await signIn('10.1.2.3', '203.0.113.1')).statusCode).toBe(429);
        expect((await signIn('10.1.2.3', '203.0.113.2')).statusCode).toBe(401);
      });

      it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
        api = await openApiHarness(kind, { authAttemptsPerIp: 2, trustProxy: ['10.0.0.0/8'] });
        expect((await signIn('198.51.100.7', '203.0.113.1')).statusCode).toBe(401);
        expect((await signIn('198.51.100.7', '203.0.113.2')).statusCode).toBe(401);
        expect((await signIn('198.51.100.7', '203.0.113.3')).statusCode).toBe(429);
      });
    });
  });
}
