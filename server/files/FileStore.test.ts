// The file-store interface, the same checks on both stores: disk (DATA_DIR) and S3 (an s3rver
// the test starts). Uploads are appended chunk by chunk, read back, adopted as content; content
// is read whole and by range, sized, removed.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of, someContent } from '../test/attachmentArgs.js';
import { startS3Server, type TestS3Server } from '../test/s3Server.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { DiskFileStore } from './DiskFileStore.js';
import { FileMissing, type FileStore } from './FileStore.js';
import { S3FileStore } from './S3FileStore.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  removeTempDirs();
});

const stores: { name: string; open: () => FileStore }[] = [
  { name: 'disk', open: () => new DiskFileStore(makeTempDir('tideline-files-')) },
  { name: 's3', open: () => new S3FileStore(s3.s3) },
];

for (const { name, open } of stores) {
  describe(`file store on ${name}`, () => {
    it('appends an upload in chunks, resumes from its offset, and adopts it as content', async () => {
      const store = open();
      const { bytes, sha256 } = someContent(3000);
      const id = randomUUID().replaceAll('-', '');
      await store.uploads.create(new Upload({ id, size: bytes.length, offset: 0 }));
      expect(await store.uploads.write(Readable.from([bytes.subarray(0, 1000)]), id, 0)).toBe(1000);
      // What a HEAD after a restart sees: the offset reached so far.
      expect((await store.uploads.getUpload(id)).offset).toBe(1000);
      expect(await store.uploads.write(Readable.from([bytes.subarray(1000)]), id, 1000)).toBe(3000);
      expect((await store.uploads.getUpload(id)).offset).toBe(3000);
      expect(sha256Of(await bytesOf(await store.readUpload(id)))).toBe(sha256);

      const key = { notebookId: randomUUID(), sha256 };
      await store.adoptUpload(id, key);
      expect(await store.size(key)).toBe(3000);
      expect(await bytesOf(await store.read(key))).toEqual(bytes);
      expect(await bytesOf(await store.read(key, { start: 10, end: 19 }))).toEqual(
        bytes.subarray(10, 20),
      );
      await expect(store.uploads.getUpload(id)).rejects.toBeDefined();

      await store.remove(key);
      expect(await store.size(key)).toBeUndefined();
      await expect(store.read(key)).rejects.toBeInstanceOf(FileMissing);
      await store.remove(key);
    });

    it('removes an unfinished upload with its state', async () => {
      const store = open();
      const id = randomUUID().replaceAll('-', '');
      await store.uploads.create(new Upload({ id, size: 5000, offset: 0 }));
      await store.uploads.write(Readable.from([Buffer.alloc(100, 1)]), id, 0);
      await store.removeUpload(id);
      await expect(store.uploads.getUpload(id)).rejects.toBeDefined();
      await store.removeUpload(id);
    });

    it('keeps content per notebook: the same bytes in two notebooks are two files', async () => {
      const store = open();
      const { bytes, sha256 } = someContent(10);
      const a = { notebookId: randomUUID(), sha256 };
      const b = { notebookId: randomUUID(), sha256 };
      await store.put(a, bytes);
      expect(await store.size(b)).toBeUndefined();
      await store.put(b, bytes);
      await store.remove(a);
      expect(await bytesOf(await store.read(b))).toEqual(bytes);
    });
  });
}
