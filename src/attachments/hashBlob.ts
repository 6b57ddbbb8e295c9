// SHA-256 of a Blob, computed incrementally (@noble/hashes, plain audited JavaScript) over the
// Blob's stream: a 50 MB file is read and hashed a piece at a time, never copied whole into
// memory (SubtleCrypto.digest would need it all in one ArrayBuffer). Plain JavaScript rather than
// WebAssembly because compiling WebAssembly needs 'wasm-unsafe-eval' in the app's
// Content-Security-Policy, which stays `script-src 'self'`. Called in the sync worker, so the
// main thread stays free.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export async function hashBlob(
  blob: Blob,
  onProgress?: (hashedBytes: number, totalBytes: number) => void,
): Promise<string> {
  const hasher = sha256.create();
  const reader = blob.stream().getReader();
  let hashed = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher.update(value);
    hashed += value.byteLength;
    onProgress?.(hashed, blob.size);
  }
  return bytesToHex(hasher.digest());
}
