// Hashing uploads as their chunks arrive: a hash is used only when it saw every stored byte, in
// order; a chunk it did not see (after a restart, on another instance) leaves the finish to read
// the file back.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { afterAll, describe, expect, it } from 'vitest';
import { someContent } from '../test/attachmentArgs.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { DiskFileStore } from './DiskFileStore.js';
import { UploadHashes } from './UploadHashes.js';

afterAll(removeTempDirs);

describe('UploadHashes', () => {
  const store = new DiskFileStore(makeTempDir('tideline-files-'));
  const { bytes, sha256 } = someContent(3000);

  async function begin(): Promise<string> {
    const id = randomUUID().replaceAll('-', '');
    await store.uploads.create(new Upload({ id, size: bytes.length, offset: 0 }));
    return id;
  }

  it('gives the SHA-256 of an upload whose every chunk it saw', async () => {
    const hashes = new UploadHashes();
    const tus = hashes.hashing(store.uploads);
    const id = await begin();
    expect(await tus.write(Readable.from([bytes.subarray(0, 1000)]), id, 0)).toBe(1000);
    expect(await tus.write(Readable.from([bytes.subarray(1000)]), id, 1000)).toBe(3000);
    expect(hashes.take(id, bytes.length)).toBe(sha256);
    // Taken once: a second finish reads the file.
    expect(hashes.take(id, bytes.length)).toBeUndefined();
  });

  it('gives nothing for an upload with bytes it did not see, or not all there', async () => {
    const hashes = new UploadHashes();
    const tus = hashes.hashing(store.uploads);
    const missed = await begin();
    // The first chunk reached the store another way (another instance, before a restart).
    await store.uploads.write(Readable.from([bytes.subarray(0, 1000)]), missed, 0);
    await tus.write(Readable.from([bytes.subarray(1000)]), missed, 1000);
    expect(hashes.take(missed, bytes.length)).toBeUndefined();

    const partial = await begin();
    await tus.write(Readable.from([bytes.subarray(0, 1000)]), partial, 0);
    expect(hashes.take(partial, bytes.length)).toBeUndefined();

    // A chunk cut off mid-way: what the store kept of it was never confirmed as hashed.
    const failed = await begin();
    await tus.write(Readable.from([bytes.subarray(0, 1000)]), failed, 0);
    const broken = new Readable({
      read() {
        this.push(bytes.subarray(1000, 1500));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(tus.write(broken, failed, 1000)).rejects.toThrow();
    const held = (await store.uploads.getUpload(failed)).offset;
    await tus.write(Readable.from([bytes.subarray(held)]), failed, held);
    expect(hashes.take(failed, bytes.length)).toBeUndefined();
  });
});
