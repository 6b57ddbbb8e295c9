// VAPID Authorization headers (RFC 8292), one per push-service origin, signed once and reused
// for up to REUSE_MS: signing an ES256 JWT per message would cost more than encrypting it. Each
// token is valid for TOKEN_LIFETIME_S (well under the 24 h the spec allows), so a reused header
// always has an hour or more left.
import webpush from 'web-push';
import type { VapidKeyPair } from './vapidKeys.js';

const TOKEN_LIFETIME_S = 12 * 60 * 60;
export const VAPID_REUSE_MS = 11 * 60 * 60 * 1000;
/** Origins remembered at most (push services are a handful; this only bounds memory). */
const MAX_ORIGINS = 1000;

export class VapidHeaderCache {
  private readonly headers = new Map<string, { value: string; reuseUntil: number }>();

  constructor(
    private readonly keys: VapidKeyPair,
    private readonly subject: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** `vapid t=<jwt>, k=<public key>` for requests to `origin` (e.g. https://fcm.googleapis.com). */
  authorization(origin: string): string {
    const now = this.now();
    const cached = this.headers.get(origin);
    if (cached !== undefined && now < cached.reuseUntil) return cached.value;
    const { Authorization } = webpush.getVapidHeaders(
      origin,
      this.subject,
      this.keys.publicKey,
      this.keys.privateKey,
      'aes128gcm',
      Math.floor(now / 1000) + TOKEN_LIFETIME_S,
    ) as { Authorization: string };
    if (this.headers.size >= MAX_ORIGINS) this.headers.clear();
    this.headers.set(origin, { value: Authorization, reuseUntil: now + VAPID_REUSE_MS });
    return Authorization;
  }
}
