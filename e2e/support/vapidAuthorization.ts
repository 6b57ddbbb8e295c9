// Checks a push request's VAPID credentials the way a push service does (RFC 8292): the
// `Authorization: vapid t=<jwt>, k=<public key>` header, an ES256 JWT signed by that key, `aud`
// naming the push service's origin, `exp` in the future and at most 24 hours away, and `sub`
// present. Written against the RFC with node:crypto only, independent of Tideline's sender.
import { createPublicKey, verify } from 'node:crypto';

/** The JWT's claims as the application server sent them. */
export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
  [claim: string]: unknown;
}

export interface VapidCredentials {
  claims: VapidClaims;
  /** The `k` parameter: the application server's public key, base64url (65-byte P-256 point). */
  publicKey: string;
}

export class VapidError extends Error {
  override name = 'VapidError';
  constructor(
    readonly code: string,
    message: string,
    /** 401 for missing or invalid credentials, 403 for a key the push service does not accept. */
    readonly status: 401 | 403 = 401,
  ) {
    super(message);
  }
}

export const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  throw new VapidError('malformed-jwt', `the JWT ${what} is not a base64url JSON object`);
}

/** Splits `vapid t=…, k=…` into its parameters. */
function parseHeader(authorization: string | undefined): { token: string; key: string } {
  if (!authorization) throw new VapidError('missing-authorization', 'no Authorization header');
  const match = /^vapid\s+(.*)$/i.exec(authorization.trim());
  if (!match) {
    throw new VapidError('unsupported-scheme', 'the Authorization scheme must be `vapid`');
  }
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const [name, ...value] = part.trim().split('=');
    if (name) params.set(name.toLowerCase(), value.join('='));
  }
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw new VapidError('missing-parameter', 'vapid needs both t= and k=');
  return { token, key };
}

/**
 * Verifies the header for a request to `audience` (the push service's origin) at `now` (ms).
 * Throws a VapidError saying what is wrong; returns the claims and key when all is well.
 */
export function verifyVapidAuthorization(
  authorization: string | undefined,
  audience: string,
  now = Date.now(),
): VapidCredentials {
  return checkClaims(verifySignature(authorization), audience, now);
}

/**
 * verifyVapidAuthorization with a memory of signatures it has verified: a sender that reuses its
 * header (as RFC 8292 allows until `exp`) costs one ES256 verification per header, not one per
 * message. Only the signature is remembered; `aud`, `exp` and `sub` are checked on every call.
 */
export class VapidVerifier {
  private readonly verified = new Map<string, VapidCredentials>();

  constructor(private readonly capacity = 1_000) {}

  verify(authorization: string | undefined, audience: string, now = Date.now()): VapidCredentials {
    let credentials = authorization === undefined ? undefined : this.verified.get(authorization);
    if (credentials === undefined) {
      credentials = verifySignature(authorization);
      if (this.verified.size >= this.capacity) {
        this.verified.delete(this.verified.keys().next().value as string);
      }
      this.verified.set(authorization as string, credentials);
    }
    return checkClaims(credentials, audience, now);
  }
}

/** The header parsed and its ES256 signature verified against k; the claims not yet checked. */
function verifySignature(authorization: string | undefined): VapidCredentials {
  const { token, key } = parseHeader(authorization);
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new VapidError('bad-key', 'k must be an uncompressed P-256 point (65 bytes, base64url)');
  }
  let publicKey;
  try {
    publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    throw new VapidError('bad-key', 'k is not a point on P-256');
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw new VapidError('malformed-jwt', 'the JWT must have three parts');
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  if (header.alg !== 'ES256') throw new VapidError('bad-algorithm', 'the JWT alg must be ES256');
  const signature = Buffer.from(signaturePart, 'base64url');
  const signed =
    signature.length === 64 &&
    verify(
      'sha256',
      Buffer.from(`${headerPart}.${claimsPart}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      signature,
    );
  if (!signed) throw new VapidError('bad-signature', 'the JWT signature does not verify against k');
  return { claims: decodeJson(claimsPart, 'claims') as VapidClaims, publicKey: key };
}

function checkClaims(
  { claims, publicKey }: VapidCredentials,
  audience: string,
  now: number,
): VapidCredentials {
  if (claims.aud !== audience) {
    throw new VapidError('wrong-audience', `aud must be ${audience}, got ${String(claims.aud)}`);
  }
  const seconds = now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds) {
    throw new VapidError('expired', 'exp must be a time in the future');
  }
  if (claims.exp > seconds + MAX_EXPIRY_SECONDS) {
    throw new VapidError('expiry-too-far', 'exp must be at most 24 hours after the request');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new VapidError('missing-subject', 'sub (a mailto: or https: contact) is required');
  }
  return { claims, publicKey };
}
