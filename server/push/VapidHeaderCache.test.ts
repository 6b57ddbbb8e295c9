// The VAPID header cache: one signed header per push-service origin, reused for at most
// VAPID_REUSE_MS (under 12 h), with a JWT whose aud is that origin and whose exp is within 24 h.
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VAPID_REUSE_MS, VapidHeaderCache } from './VapidHeaderCache.js';
import { generateVapidKeyPair } from './vapidKeys.js';

const FCM = 'https://fcm.googleapis.com';

function decode(header: string, publicKey: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  expect(match?.[2]).toBe(publicKey);
  const [head, body, signature] = match![1]!.split('.') as [string, string, string];
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  return {
    valid,
    header: JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string },
    claims: JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      aud: string;
      exp: number;
      sub: string;
    },
  };
}

describe('VapidHeaderCache', () => {
  it('signs an ES256 JWT for the origin, valid under 24 h, and reuses it for under 12 h', () => {
    const keys = generateVapidKeyPair();
    let now = Date.now();
    const cache = new VapidHeaderCache(keys, 'mailto:ops@example.org', () => now);
    const first = cache.authorization(FCM);
    const jwt = decode(first, keys.publicKey);
    expect(jwt.valid).toBe(true);
    expect(jwt.header.alg).toBe('ES256');
    expect(jwt.claims.aud).toBe(FCM);
    expect(jwt.claims.sub).toBe('mailto:ops@example.org');
    expect(jwt.claims.exp * 1000 - now).toBeGreaterThan(VAPID_REUSE_MS);
    expect(jwt.claims.exp * 1000 - now).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(VAPID_REUSE_MS).toBeLessThanOrEqual(12 * 60 * 60 * 1000);

    expect(cache.authorization('https://updates.push.services.mozilla.com')).not.toBe(first);
    now += VAPID_REUSE_MS - 1;
    expect(cache.authorization(FCM)).toBe(first);
    now += 1;
    const renewed = cache.authorization(FCM);
    expect(renewed).not.toBe(first);
    expect(decode(renewed, keys.publicKey).valid).toBe(true);
  });
});
