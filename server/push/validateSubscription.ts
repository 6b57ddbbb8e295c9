// Strict checks on a push subscription before it is stored. The endpoint is a URL the server
// will POST to for as long as the subscription lives, so it must be HTTPS on a known push
// service, name a host (never an IP literal) on the default port, and resolve to public
// addresses only. The keys must be usable: p256dh an uncompressed point on P-256 and auth a
// 16-byte secret (RFC 8291). Each refusal is an ApiError with its own code; nothing is stored.
import { isIP } from 'node:net';
import type { PushSubscriptionJson } from '../../src/protocol/push.js';
import { ApiError } from '../errors.js';
import { isLoopbackAddress } from './addressPolicy.js';
import { isKnownPushService } from './pushServiceHosts.js';
import { PushAddressRefusedError, resolvePushHost, type HostResolver } from './resolvePushHost.js';
import { isUncompressedP256Point } from './vapidKeys.js';

export const PushRefusal = {
  endpointInvalid: 'push-endpoint-invalid',
  notHttps: 'push-endpoint-not-https',
  ipLiteral: 'push-endpoint-ip-literal',
  port: 'push-endpoint-port',
  unknownService: 'push-service-unknown',
  privateAddress: 'push-endpoint-private-address',
  unresolvable: 'push-endpoint-unresolvable',
  badKey: 'push-key-invalid',
  badAuth: 'push-auth-invalid',
} as const;

export interface SubscriptionPolicy {
  /** Host names and `*.suffix` patterns of the push services allowed. */
  serviceHosts: readonly string[];
  /** Tests only: accept http(s) endpoints on loopback hosts. */
  allowLoopback: boolean;
  resolver: HostResolver;
}

/** A subscription that passed every check: its endpoint as parsed and its keys. */
export interface ValidSubscription {
  endpoint: string;
  host: string;
  p256dh: string;
  auth: string;
  expirationTime: number | null;
}

const refuse = (status: number, code: string, message: string): never => {
  throw new ApiError(status, code, message);
};

/** Strict base64url (no padding, canonical), decoded; undefined when it is not. */
function decodeBase64url(value: string): Buffer | undefined {
  const unpadded = value.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(unpadded)) return undefined;
  const bytes = Buffer.from(unpadded, 'base64url');
  return bytes.toString('base64url') === unpadded ? bytes : undefined;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/** Checks the endpoint's form and push service; returns its URL and bare host name. */
export function checkEndpointForm(
  endpoint: string,
  policy: Pick<SubscriptionPolicy, 'serviceHosts' | 'allowLoopback'>,
): { url: URL; host: string } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return refuse(400, PushRefusal.endpointInvalid, 'The push endpoint is not a valid URL.');
  }
  if (url.username !== '' || url.password !== '') {
    refuse(400, PushRefusal.endpointInvalid, 'The push endpoint must not carry credentials.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const loopbackAllowed = policy.allowLoopback && isLoopbackHost(host);
  if (url.protocol !== 'https:' && !(loopbackAllowed && url.protocol === 'http:')) {
    refuse(400, PushRefusal.notHttps, 'The push endpoint must be an https: URL.');
  }
  if (loopbackAllowed) return { url, host };
  if (isIP(host) !== 0) {
    refuse(
      400,
      PushRefusal.ipLiteral,
      'The push endpoint must name its push service by host name, not by IP address.',
    );
  }
  if (url.port !== '') {
    refuse(400, PushRefusal.port, 'The push endpoint must use the default HTTPS port.');
  }
  if (!isKnownPushService(host, policy.serviceHosts)) {
    refuse(
      422,
      PushRefusal.unknownService,
      `${host} is not a push service this server sends to. Use a browser with a standard push service.`,
    );
  }
  return { url, host };
}

/** Checks everything about a subscription; throws an ApiError (4xx) on the first problem. */
export async function validateSubscription(
  subscription: PushSubscriptionJson,
  policy: SubscriptionPolicy,
): Promise<ValidSubscription> {
  const { host } = checkEndpointForm(subscription.endpoint, policy);

  const p256dh = decodeBase64url(subscription.keys.p256dh);
  if (p256dh === undefined || !isUncompressedP256Point(p256dh)) {
    refuse(
      400,
      PushRefusal.badKey,
      'keys.p256dh must be base64url of an uncompressed P-256 public key (65 bytes, on the curve).',
    );
  }
  const auth = decodeBase64url(subscription.keys.auth);
  if (auth === undefined || auth.length !== 16) {
    refuse(400, PushRefusal.badAuth, 'keys.auth must be base64url of exactly 16 bytes.');
  }

  try {
    await resolvePushHost(host, policy.resolver, policy.allowLoopback);
  } catch (error) {
    if (error instanceof PushAddressRefusedError) {
      refuse(
        422,
        PushRefusal.privateAddress,
        `The push service ${host} resolves to an address this server does not send to.`,
      );
    }
    refuse(
      422,
      PushRefusal.unresolvable,
      `The push service ${host} could not be resolved. Try again later.`,
    );
  }

  return {
    endpoint: subscription.endpoint,
    host,
    p256dh: (p256dh as Buffer).toString('base64url'),
    auth: (auth as Buffer).toString('base64url'),
    expirationTime: subscription.expirationTime ?? null,
  };
}
