// SHA-256 of a Blob, computed incrementally (hash-wasm) over the Blob's stream: a 50 MB file is
// read and hashed a piece at a time, never copied whole into memory (SubtleCrypto.digest would
// need it all in one ArrayBuffer). Called in the sync worker, so the main thread stays free.
import { createSHA256 } from 'hash-wasm';

export async function hashBlob(
  blob: Blob,
  onProgress?: (hashedBytes: number, totalBytes: number) => void,
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const reader = blob.stream().getReader();
  let hashed = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher.update(value);
    hashed += value.byteLength;
    onProgress?.(hashed, blob.size);
  }
  return hasher.digest('hex');
}
