// The server's VAPID key pair (RFC 8292): from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when the
// operator sets them, otherwise generated on first start and kept in the `meta` table, so it
// survives restarts and every instance sharing a PostgreSQL database signs with the same key
// (browsers bind each subscription to the key it was made with).
import { createECDH, ECDH } from 'node:crypto';
import webpush from 'web-push';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

export interface VapidKeyPair {
  /** base64url, an uncompressed P-256 point (65 bytes). */
  publicKey: string;
  /** base64url, the 32-byte private scalar. */
  privateKey: string;
}

const META_KEY = 'vapid_keys';

function decodeBase64url(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return Buffer.from(value, 'base64url');
}

/** Whether `bytes` is an uncompressed point on P-256 (65 bytes, 0x04, on the curve). */
export function isUncompressedP256Point(bytes: Buffer): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    ECDH.convertKey(bytes, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a key pair, or undefined when it is a valid, matching P-256 pair. */
export function checkVapidKeyPair(keys: VapidKeyPair): string | undefined {
  const publicKey = decodeBase64url(keys.publicKey);
  if (publicKey === undefined || !isUncompressedP256Point(publicKey)) {
    return 'the public key must be base64url of an uncompressed P-256 point (65 bytes)';
  }
  const privateKey = decodeBase64url(keys.privateKey);
  if (privateKey === undefined || privateKey.length !== 32) {
    return 'the private key must be base64url of 32 bytes';
  }
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateKey);
    if (!ecdh.getPublicKey().equals(publicKey)) return 'the two keys are not a pair';
  } catch {
    return 'the private key is not a valid P-256 key';
  }
  return undefined;
}

export function generateVapidKeyPair(): VapidKeyPair {
  return webpush.generateVAPIDKeys();
}

/**
 * The configured pair, or the stored one, generating and storing it if there is none yet.
 * Instances starting together on PostgreSQL race to insert; the first insert wins and every
 * instance reads that one back.
 */
export async function loadVapidKeys(
  database: DatabaseHandle,
  configured: VapidKeyPair | undefined,
): Promise<VapidKeyPair> {
  if (configured !== undefined) return configured;
  const candidate = generateVapidKeyPair();
  await database.db
    .insertInto('meta')
    .values({ key: META_KEY, value: JSON.stringify(candidate) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await database.db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', META_KEY)
    .executeTakeFirstOrThrow();
  const stored = JSON.parse(row.value) as VapidKeyPair;
  const problem = checkVapidKeyPair(stored);
  if (problem !== undefined) throw new Error(`The stored VAPID key pair is unusable: ${problem}`);
  return stored;
}
