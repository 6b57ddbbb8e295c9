// Opaque secrets (session tokens, invite tokens): 32 random bytes, base64url. Only their SHA-256
// is stored, so a leaked database does not yield usable tokens.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newId(): string {
  return randomUUID();
}
