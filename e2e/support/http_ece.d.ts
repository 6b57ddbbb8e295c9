// Types for the part of `http_ece` (RFC 8188 encrypted content-encoding) the local push service
// uses: decrypting an aes128gcm Web Push body as the receiving user agent (RFC 8291).
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  export interface DecryptParams {
    version: 'aes128gcm' | 'aesgcm';
    /** The receiver's key pair (the subscription's p256dh). */
    privateKey?: ECDH;
    /** The subscription's 16-byte auth secret, a Buffer or base64url. */
    authSecret?: Buffer | string;
    dh?: Buffer | string;
    salt?: Buffer | string;
    rs?: number;
  }

  /** The CommonJS module object (import it as the default export). */
  const ece: {
    decrypt(buffer: Buffer, params: DecryptParams): Buffer;
    encrypt(buffer: Buffer, params: Record<string, unknown>): Buffer;
  };
  export default ece;
}
