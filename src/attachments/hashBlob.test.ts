import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashBlob } from './hashBlob';

describe('hashBlob', () => {
  it('matches the FIPS 180-2 SHA-256 test vectors', async () => {
    expect(await hashBlob(new Blob([]))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await hashBlob(new Blob(['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(
      await hashBlob(new Blob(['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'])),
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    // One million 'a's, in several stream pieces.
    expect(await hashBlob(new Blob([new Uint8Array(1_000_000).fill(0x61)]))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('hashes a file of many pieces incrementally, reporting progress', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => new Uint8Array(300_000).fill(i * 37));
    const blob = new Blob(parts);
    const seen: number[] = [];
    const digest = await hashBlob(blob, (hashed) => seen.push(hashed));
    const expected = createHash('sha256');
    for (const part of parts) expected.update(part);
    expect(digest).toBe(expected.digest('hex'));
    expect(seen.at(-1)).toBe(blob.size);
    expect(seen.length).toBeGreaterThan(1);
  });
});
