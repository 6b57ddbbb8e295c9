// The subscription validator through PUT /api/push/subscription, on SQLite and PostgreSQL: every
// refusal is its own 4xx code and stores nothing; hosts that resolve to private addresses are
// refused when saved and again when a push is sent.
import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import { openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { isAllowedPushAddress } from './addressPolicy.js';
import { isKnownPushService, DEFAULT_PUSH_SERVICE_HOSTS } from './pushServiceHosts.js';
import type { HostResolver, ResolvedAddress } from './resolvePushHost.js';
import { openPushTestbed } from './testing/pushTestbed.js';

afterAll(removeTempDirs);

const PUBLIC_V4 = '142.250.180.10';

function keys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
}

/** DNS as the test says: `answers[host]`, else a public address; a missing host throws. */
function fakeDns(answers: Record<string, string[] | 'ENOTFOUND'>): HostResolver {
  return async (host) => {
    const answer = answers[host] ?? [PUBLIC_V4];
    if (answer === 'ENOTFOUND') {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    }
    return answer.map((address): ResolvedAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
}

const dns = fakeDns({
  'ten.push.services.mozilla.com': ['10.0.0.7'],
  'loop.push.services.mozilla.com': ['127.0.0.1'],
  'six.push.services.mozilla.com': ['::1'],
  'ula.push.services.mozilla.com': ['fd12:3456::1'],
  'meta.push.services.mozilla.com': ['169.254.169.254'],
  'mixed.push.services.mozilla.com': [PUBLIC_V4, '192.168.1.20'],
  'mapped.push.services.mozilla.com': ['::ffff:10.1.2.3'],
  'gone.push.services.mozilla.com': 'ENOTFOUND',
});

describe('push address policy', () => {
  it.each([
    ['8.8.8.8', true],
    ['2a00:1450:4001::200e', true],
    ['10.0.0.1', false],
    ['172.31.255.255', false],
    ['192.168.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:a00:1', false],
    ['ff02::1', false],
  ])('%s allowed: %s', (address, allowed) => {
    expect(isAllowedPushAddress(address, false)).toBe(allowed);
  });

  it('allows loopback only when told to', () => {
    expect(isAllowedPushAddress('127.0.0.1', true)).toBe(true);
    expect(isAllowedPushAddress('::1', true)).toBe(true);
    expect(isAllowedPushAddress('10.0.0.1', true)).toBe(false);
  });

  it('matches push-service hosts exactly or by subdomain', () => {
    const hosts = DEFAULT_PUSH_SERVICE_HOSTS;
    expect(isKnownPushService('fcm.googleapis.com', hosts)).toBe(true);
    expect(isKnownPushService('updates.push.services.mozilla.com', hosts)).toBe(true);
    expect(isKnownPushService('wns2-by3p.notify.windows.com', hosts)).toBe(true);
    expect(isKnownPushService('web.push.apple.com', hosts)).toBe(true);
    expect(isKnownPushService('push.services.mozilla.com', hosts)).toBe(false);
    expect(isKnownPushService('evilfcm.googleapis.com', hosts)).toBe(false);
    expect(isKnownPushService('fcm.googleapis.com.evil.example', hosts)).toBe(false);
    expect(isKnownPushService('xpush.services.mozilla.com', hosts)).toBe(false);
  });
});

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`PUT /api/push/subscription validation on ${kind}`, () => {
    let api: ApiHarness;
    let ana: TestUser;

    beforeEach(async () => {
      api = await openApiHarness(kind, {}, { push: { resolver: dns } });
      ana = await api.signUp(undefined, 'Ana');
    });
    afterEach(async () => api.close());

    const save = (subscription: unknown, headers = ana.headers) =>
      api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers,
        payload: { subscription },
      });
    const stored = () => api.database.db.selectFrom('push_subscriptions').selectAll().execute();

    it('stores a subscription on a known push service that resolves to public addresses', async () => {
      const endpoint = 'https://fcm.googleapis.com/fcm/send/abc:def';
      const response = await save({ endpoint, expirationTime: null, keys: keys() });
      expect(response.statusCode, response.body).toBe(204);
      expect(await stored()).toMatchObject([{ endpoint, user_id: ana.user.id }]);
      // Saving it again (the page re-syncs its subscription) changes nothing but the keys.
      expect((await save({ endpoint, keys: keys() })).statusCode).toBe(204);
      expect(await stored()).toHaveLength(1);
    });

    const bad = keys();
    const offCurve = Buffer.from(bad.p256dh, 'base64url');
    offCurve[64] = (offCurve[64] as number) ^ 1;
    const compressed = Buffer.concat([Buffer.from([2]), offCurve.subarray(1, 33)]);

    it.each([
      [
        'http: endpoint',
        'http://fcm.googleapis.com/fcm/send/x',
        bad,
        400,
        'push-endpoint-not-https',
      ],
      ['not a URL', 'fcm.googleapis.com/fcm/send/x', bad, 400, 'push-endpoint-invalid'],
      ['credentials', 'https://u:p@fcm.googleapis.com/x', bad, 400, 'push-endpoint-invalid'],
      ['IPv4 literal', `https://${PUBLIC_V4}/x`, bad, 400, 'push-endpoint-ip-literal'],
      ['private IPv4 literal', 'https://10.0.0.1/x', bad, 400, 'push-endpoint-ip-literal'],
      ['loopback literal', 'https://127.0.0.1/x', bad, 400, 'push-endpoint-ip-literal'],
      ['bracketed IPv6 literal', 'https://[2a00:1450::1]/x', bad, 400, 'push-endpoint-ip-literal'],
      ['IPv6 loopback literal', 'https://[::1]/x', bad, 400, 'push-endpoint-ip-literal'],
      ['decimal IPv4 literal', 'https://2130706433/x', bad, 400, 'push-endpoint-ip-literal'],
      ['other port', 'https://fcm.googleapis.com:8443/x', bad, 400, 'push-endpoint-port'],
      ['localhost', 'https://localhost/x', bad, 422, 'push-service-unknown'],
      ['unknown host', 'https://push.example.org/x', bad, 422, 'push-service-unknown'],
      [
        'lookalike host',
        'https://fcm.googleapis.com.evil.example/x',
        bad,
        422,
        'push-service-unknown',
      ],
      [
        'host on 10/8',
        'https://ten.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host on loopback',
        'https://loop.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host on ::1',
        'https://six.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host on unique-local',
        'https://ula.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host on link-local',
        'https://meta.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host with one private address',
        'https://mixed.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host on a mapped private address',
        'https://mapped.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-private-address',
      ],
      [
        'host that does not resolve',
        'https://gone.push.services.mozilla.com/x',
        bad,
        422,
        'push-endpoint-unresolvable',
      ],
      [
        'p256dh off the curve',
        'https://fcm.googleapis.com/x',
        { ...bad, p256dh: offCurve.toString('base64url') },
        400,
        'push-key-invalid',
      ],
      [
        'p256dh compressed',
        'https://fcm.googleapis.com/x',
        { ...bad, p256dh: compressed.toString('base64url') },
        400,
        'push-key-invalid',
      ],
      [
        'p256dh too short',
        'https://fcm.googleapis.com/x',
        { ...bad, p256dh: 'AAAA' },
        400,
        'push-key-invalid',
      ],
      [
        'auth of 15 bytes',
        'https://fcm.googleapis.com/x',
        { ...bad, auth: randomBytes(15).toString('base64url') },
        400,
        'push-auth-invalid',
      ],
      [
        'auth of 32 bytes',
        'https://fcm.googleapis.com/x',
        { ...bad, auth: randomBytes(32).toString('base64url') },
        400,
        'push-auth-invalid',
      ],
      [
        'auth not base64url',
        'https://fcm.googleapis.com/x',
        { ...bad, auth: 'a+b/c' + 'A'.repeat(17) },
        400,
        'invalid-request',
      ],
    ])('refuses %s', async (_name, endpoint, subscriptionKeys, status, code) => {
      const response = await save({ endpoint, keys: subscriptionKeys });
      expect(response.statusCode, response.body).toBe(status);
      const body = response.json();
      assertErrorBody(body);
      expect(body.error.code).toBe(code);
      expect(await stored()).toEqual([]);
    });

    it('refuses a malformed body and a cross-site or signed-out caller, storing nothing', async () => {
      expect((await save({ endpoint: 'https://fcm.googleapis.com/x' })).statusCode).toBe(400);
      const good = { endpoint: 'https://fcm.googleapis.com/x', keys: keys() };
      expect(
        (await save(good, { cookie: ana.cookie, origin: 'https://evil.example' })).statusCode,
      ).toBe(403);
      expect((await save(good, { origin: ana.headers.origin! })).statusCode).toBe(401);
      expect(await stored()).toEqual([]);
    });

    it('takes the operator’s PUSH_SERVICE_HOSTS instead of the default list', async () => {
      await api.close();
      api = await openApiHarness(
        kind,
        { push: { ...testConfig().push, serviceHosts: ['push.example.org'] } },
        { push: { resolver: dns } },
      );
      ana = await api.signUp(undefined, 'Ana');
      const fcm = await save({ endpoint: 'https://fcm.googleapis.com/x', keys: keys() });
      expect(fcm.json().error.code).toBe('push-service-unknown');
      expect(
        (await save({ endpoint: 'https://push.example.org/x', keys: keys() })).statusCode,
      ).toBe(204);
    });
  });

  describe.runIf(enabled)(`send-time address checks on ${kind}`, () => {
    it('gives up a push whose host resolves to a private address by the time it is sent', async () => {
      const answers: Record<string, string[]> = {
        'updates.push.services.mozilla.com': [PUBLIC_V4],
      };
      const lookups: string[] = [];
      // Loopback push services not allowed here (as in production).
      const bed = await openPushTestbed(kind, {
        config: { push: { ...testConfig().push, allowLoopback: false } },
        resolver: async (host) => {
          lookups.push(host);
          return (answers[host] ?? []).map((address) => ({
            address,
            family: address.includes(':') ? 6 : 4,
          }));
        },
      });
      try {
        const ana = await bed.api.signUp(undefined, 'Ana');
        const ben = await bed.api.signUp(undefined, 'Ben');
        const notebookId = await bed.sharedNotebook(ana, [ben]);
        const saved = await bed.api.request({
          method: 'PUT',
          url: '/api/push/subscription',
          headers: ben.headers,
          payload: {
            subscription: {
              endpoint: 'https://updates.push.services.mozilla.com/wpush/v2/abc',
              keys: keys(),
            },
          },
        });
        expect(saved.statusCode, saved.body).toBe(204);

        for (const address of ['10.0.0.7', '::1', '169.254.169.254']) {
          answers['updates.push.services.mozilla.com'] = [address];
          lookups.length = 0;
          await bed.change(new TestSyncClient(bed.api, ana), notebookId);
          expect(await bed.drain()).toMatchObject({ sent: 0, dead: 1 });
          expect(lookups).toEqual(['updates.push.services.mozilla.com']);
          const dead = await bed.api.database.db
            .selectFrom('push_jobs')
            .select(['state', 'last_error'])
            .where('state', '=', 'dead')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          expect(dead).toEqual({ state: 'dead', last_error: 'address-refused' });
        }
        expect(bed.service.requests()).toEqual([]);
      } finally {
        await bed.close();
      }
    });
  });
}
