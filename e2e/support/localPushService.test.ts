// The local push service against the `web-push` library as the sender: messages decrypt and
// their VAPID claims verify over HTTP and HTTPS; bad credentials and missing TTL are refused and
// recorded; scripted failures answer once; keep-alive connections are reused.
import { createPrivateKey, sign } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import webpush, { type PushSubscription, type RequestOptions } from 'web-push';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalPushService } from './localPushService';
import { VapidVerifier } from './vapidAuthorization';

const vapid = webpush.generateVAPIDKeys();
const vapidDetails = {
  subject: 'mailto:ops@tideline.example',
  publicKey: vapid.publicKey,
  privateKey: vapid.privateKey,
};

let push: LocalPushService;
let agent: https.Agent;

beforeAll(async () => {
  push = await LocalPushService.start();
  agent = new https.Agent({ ca: push.certificatePem, keepAlive: true, maxSockets: 1 });
});

afterEach(() => {
  push.expectedPublicKey = undefined;
});

afterAll(async () => {
  agent.destroy();
  await push.close();
});

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends web-push's request (encrypted body and headers) over HTTP or HTTPS as given. */
function sendRaw(
  subscription: PushSubscription,
  payload: string,
  options: RequestOptions = {},
  headers: Record<string, string | undefined> = {},
): Promise<Sent> {
  const details = webpush.generateRequestDetails(subscription, payload, {
    vapidDetails,
    ...options,
  });
  const url = new URL(details.endpoint);
  const allHeaders = { ...details.headers, ...headers } as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(allHeaders)) {
    if (value === undefined) delete allHeaders[name];
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method: 'POST', headers: allHeaders as Record<string, string>, ca: push.certificatePem },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(details.body ?? undefined);
  });
}

/** A VAPID header signed by web-push's key pair format, with any claims the test wants. */
function vapidHeader(
  claims: Record<string, unknown>,
  keys = vapid,
  signingKeys = keys,
): Record<string, string> {
  const point = Buffer.from(signingKeys.publicKey, 'base64url');
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: signingKeys.privateKey,
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ typ: 'JWT', alg: 'ES256' })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(unsigned), { key, dsaEncoding: 'ieee-p1363' });
  return {
    Authorization: `vapid t=${unsigned}.${signature.toString('base64url')}, k=${keys.publicKey}`,
  };
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('accepting pushes', () => {
  it('decrypts a web-push message sent over HTTPS and records its headers and claims', async () => {
    const { subscription } = push.createSubscription({ scheme: 'https' });
    const result = await webpush.sendNotification(subscription, '{"type":"poke"}', {
      vapidDetails,
      agent,
      TTL: 120,
      urgency: 'high',
      topic: 'notebook42',
    });
    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/message\//);
    const [message] = push.messages({ subscription: subscription.endpoint });
    expect(message).toMatchObject({
      outcome: 'accepted',
      plaintext: '{"type":"poke"}',
      ttl: 120,
      urgency: 'high',
      topic: 'notebook42',
      vapidKey: vapid.publicKey,
      claims: { aud: push.httpsOrigin, sub: vapidDetails.subject },
    });
    const seconds = Date.now() / 1000;
    expect(message!.claims!.exp).toBeGreaterThan(seconds);
    expect(message!.claims!.exp).toBeLessThanOrEqual(seconds + 24 * 3600);
  });

  it('decrypts a message sent over plain HTTP, its aud being the HTTP origin', async () => {
    const { subscription } = push.createSubscription({ scheme: 'http' });
    expect(subscription.endpoint.startsWith(push.httpOrigin)).toBe(true);
    const sent = await sendRaw(subscription, 'over http', { TTL: 60 });
    expect(sent.status).toBe(201);
    expect(push.messages({ subscription: subscription.endpoint })).toMatchObject([
      { plaintext: 'over http', ttl: 60, claims: { aud: push.httpOrigin } },
    ]);
  });

  it('accepts an empty push and hands messages to waiters and listeners', async () => {
    const created = push.createSubscription();
    const heard: string[] = [];
    const stop = push.onMessage((message, subscription) => {
      heard.push(`${subscription.id}:${message.plaintext ?? '(empty)'}`);
    });
    const waiting = push.waitForMessage((m) => m.subscriptionId === created.id);
    await webpush.sendNotification(created.subscription, null, { vapidDetails, agent });
    const message = await waiting;
    expect(message.plaintext).toBeUndefined();
    await expect.poll(() => heard).toEqual([`${created.id}:(empty)`]);
    stop();
    expect(push.listenerErrors).toEqual([]);
  });

  it('binds a subscription to its applicationServerKey and the service to an expected key', async () => {
    const other = webpush.generateVAPIDKeys();
    const bound = push.createSubscription({ applicationServerKey: other.publicKey });
    const refused = await sendRaw(bound.subscription, 'x');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unexpected-key' } });

    push.expectedPublicKey = other.publicKey;
    const { subscription } = push.createSubscription();
    expect((await sendRaw(subscription, 'x')).status).toBe(403);
    push.expectedPublicKey = vapid.publicKey;
    expect((await sendRaw(subscription, 'x')).status).toBe(201);
  });
});

describe('refusing bad requests', () => {
  const cases: [string, () => Record<string, string | undefined>, number, string][] = [
    [
      'a signature by another key',
      () =>
        vapidHeader(
          { aud: push.httpsOrigin, exp: inAnHour(), sub: 'mailto:a@b.c' },
          vapid,
          webpush.generateVAPIDKeys(),
        ),
      401,
      'bad-signature',
    ],
    [
      'an expired JWT',
      () => vapidHeader({ aud: push.httpsOrigin, exp: inAnHour() - 7200, sub: 'mailto:a@b.c' }),
      401,
      'expired',
    ],
    [
      'an exp more than 24 hours away',
      () =>
        vapidHeader({ aud: push.httpsOrigin, exp: inAnHour() + 24 * 3600, sub: 'mailto:a@b.c' }),
      401,
      'expiry-too-far',
    ],
    [
      'another audience',
      () => vapidHeader({ aud: 'https://fcm.googleapis.com', exp: inAnHour(), sub: 'mailto:a' }),
      401,
      'wrong-audience',
    ],
    [
      'a JWT without sub',
      () => vapidHeader({ aud: push.httpsOrigin, exp: inAnHour() }),
      401,
      'missing-subject',
    ],
    ['no Authorization', () => ({ Authorization: undefined }), 401, 'missing-authorization'],
    ['no TTL', () => ({ TTL: undefined }), 400, 'missing-ttl'],
    ['a bad Urgency', () => ({ Urgency: 'urgent' }), 400, 'bad-urgency'],
    ['a Topic over 32 characters', () => ({ Topic: 'a'.repeat(33) }), 400, 'bad-topic'],
    ['another content encoding', () => ({ 'Content-Encoding': 'aesgcm' }), 415, 'bad-encoding'],
  ];

  for (const [what, headers, status, code] of cases) {
    it(`refuses ${what} with ${status} and records it`, async () => {
      const { id, subscription } = push.createSubscription();
      const sent = await sendRaw(subscription, 'never delivered', {}, headers());
      expect(sent.status).toBe(status);
      expect(JSON.parse(sent.body)).toMatchObject({ error: { code } });
      expect(push.messages({ subscription: id })).toEqual([]);
      expect(push.requests().filter((r) => r.subscriptionId === id)).toMatchObject([
        { outcome: 'refused', status, error: { code } },
      ]);
    });
  }

  it('refuses a body that does not decrypt with the subscription keys', async () => {
    const mine = push.createSubscription();
    const other = push.createSubscription();
    const sent = await sendRaw(
      { ...mine.subscription, keys: other.subscription.keys },
      'for someone else',
    );
    expect(sent.status).toBe(400);
    expect(JSON.parse(sent.body)).toMatchObject({ error: { code: 'undecryptable' } });
  });

  it('answers 404 for an endpoint it never issued and 410 once unsubscribed', async () => {
    const { subscription } = push.createSubscription();
    const unknown = { ...subscription, endpoint: `${push.httpsOrigin}/push/nobody` };
    expect((await sendRaw(unknown, 'x')).status).toBe(404);
    push.removeSubscription(subscription.endpoint);
    const gone = webpush.sendNotification(subscription, 'x', { vapidDetails, agent });
    await expect(gone).rejects.toMatchObject({ statusCode: 410 });
  });
});

describe('scripted failures and connections', () => {
  it('answers 410 once after failNext(410), then accepts again', async () => {
    const { subscription } = push.createSubscription();
    push.failNext(subscription.endpoint, 410);
    const first = webpush.sendNotification(subscription, 'one', { vapidDetails, agent });
    await expect(first).rejects.toMatchObject({ statusCode: 410 });
    await webpush.sendNotification(subscription, 'two', { vapidDetails, agent });
    const records = push.requests().filter((r) => r.endpoint === subscription.endpoint);
    expect(records.map((r) => [r.outcome, r.status, r.plaintext])).toEqual([
      ['failed', 410, 'one'],
      ['accepted', 201, 'two'],
    ]);
  });

  it('answers 429 with Retry-After and 500 for the next N requests', async () => {
    const { subscription } = push.createSubscription();
    push.failNext(subscription.endpoint, 429, { retryAfter: 2 });
    push.failNext(subscription.endpoint, 500, { count: 2 });
    const tooMany = await sendRaw(subscription, 'x');
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers['retry-after']).toBe('2');
    expect((await sendRaw(subscription, 'x')).status).toBe(500);
    expect((await sendRaw(subscription, 'x')).status).toBe(500);
    expect((await sendRaw(subscription, 'x')).status).toBe(201);
  });

  it('serves several pushes over one kept-alive connection', async () => {
    const keepAlive = new https.Agent({ ca: push.certificatePem, keepAlive: true, maxSockets: 1 });
    const { subscription } = push.createSubscription();
    const before = push.connectionCount();
    for (const text of ['a', 'b', 'c']) {
      await webpush.sendNotification(subscription, text, { vapidDetails, agent: keepAlive });
    }
    keepAlive.destroy();
    const messages = push.messages({ subscription: subscription.endpoint });
    expect(messages.map((m) => m.plaintext)).toEqual(['a', 'b', 'c']);
    expect(new Set(messages.map((m) => m.connectionId)).size).toBe(1);
    expect(push.connectionCount()).toBe(before + 1);
  });
});

describe('remembered signatures and deferred decryption', () => {
  it('verifies a reused header once but checks its claims on every request', () => {
    const verifier = new VapidVerifier();
    const now = Date.now();
    const { Authorization } = vapidHeader({
      aud: push.httpsOrigin,
      exp: Math.floor(now / 1000) + 3600,
      sub: 'mailto:a@b.c',
    });
    expect(verifier.verify(Authorization, push.httpsOrigin, now).publicKey).toBe(vapid.publicKey);
    expect(verifier.verify(Authorization, push.httpsOrigin, now + 1000).claims.aud).toBe(
      push.httpsOrigin,
    );
    expect(() => verifier.verify(Authorization, push.httpOrigin, now)).toThrow(
      expect.objectContaining({ code: 'wrong-audience' }),
    );
    expect(() => verifier.verify(Authorization, push.httpsOrigin, now + 2 * 3600_000)).toThrow(
      expect.objectContaining({ code: 'expired' }),
    );
    const [scheme, token] = Authorization!.split('t=');
    const forged = `${scheme}t=${token!.replace(/\.[^.,]+,/, '.AAAA,')}`;
    expect(() => verifier.verify(forged, push.httpsOrigin, now)).toThrow(
      expect.objectContaining({ code: 'bad-signature' }),
    );
  });

  it('accepts first and decrypts later when told to defer, refusing what does not decrypt', async () => {
    const deferred = await LocalPushService.start({ decryption: 'deferred' });
    try {
      const mine = deferred.createSubscription({ scheme: 'http' });
      const other = deferred.createSubscription({ scheme: 'http' });
      expect((await sendRaw(mine.subscription, 'tide at 6')).status).toBe(201);
      const wrongKeys = { ...mine.subscription, keys: other.subscription.keys };
      expect((await sendRaw(wrongKeys, 'for someone else')).status).toBe(201);
      expect(deferred.messages().map((m) => m.plaintext)).toEqual([undefined, undefined]);

      const result = deferred.decryptDeferred();
      expect(result).toMatchObject({ decrypted: 1, failed: 1 });
      expect(result.firstFailure?.code).toBe('undecryptable');
      expect(deferred.messages().map((m) => m.plaintext)).toEqual(['tide at 6']);
      expect(deferred.requests().map((r) => [r.outcome, r.error?.code])).toEqual([
        ['accepted', undefined],
        ['refused', 'undecryptable'],
      ]);
      expect(deferred.decryptDeferred()).toEqual({ decrypted: 0, failed: 0 });
    } finally {
      await deferred.close();
    }
  });
});
