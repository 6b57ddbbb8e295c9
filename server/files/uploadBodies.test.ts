// How the tus route takes a chunk's bytes, over real HTTP, on SQLite and PostgreSQL, with the disk
// and the S3 store: PATCH bodies read from the Node request (readPatchBodiesFromNode.ts) and
// hashed as they arrive (UploadHashes.ts) — and what happens when that hash is not at hand (bytes
// stored before a restart or by another instance): the finish reads the bytes back and still
// refuses a mismatch.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { attachmentAdd, someContent } from '../test/attachmentArgs.js';
import { startS3Server, type TestS3Server } from '../test/s3Server.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { testStoreTargets } from '../test/testDatabases.js';
import {
  createUpload,
  headersFor,
  listen,
  sendChunk,
  uploadOffset,
  uploadUrl,
  type UploadTarget,
} from '../test/tusClient.js';
import { defaultFilesConfig, type FilesConfig } from './filesConfig.js';
import type { FileStore } from './FileStore.js';
import { openFileStore } from './openFileStore.js';

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const { kind, enabled, storeKind } of testStoreTargets) {
  describe.runIf(enabled)(`upload bodies on ${kind} with the ${storeKind} store`, () => {
    let api: ApiHarness;
    let me: UploadTarget;
    let owner: TestSyncClient;
    let notebookId: string;
    let entryId: string;
    /** The store the server uses, to act behind its back. */
    let store: FileStore;

    function filesConfig(): FilesConfig {
      return storeKind === 's3' ? s3.files : defaultFilesConfig();
    }

    beforeEach(async () => {
      const dataDir = makeTempDir('tideline-data-');
      api = await openApiHarness(kind, { files: filesConfig(), dataDir });
      store = openFileStore(filesConfig(), dataDir);
      const base = await listen(api);
      owner = new TestSyncClient(api, await api.signUp());
      me = { base, user: owner.user };
      notebookId = randomUUID();
      entryId = randomUUID();
      await owner.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Gauge' }, entryId),
      ]);
    });
    afterEach(async () => api.close());

    async function begin(sha256: string, size: number): Promise<string> {
      await owner.push([attachmentAdd(notebookId, entryId, { sha256, size })]);
      const created = await createUpload(
        me,
        { notebookId, sha256, filename: 'gauge.jpg', filetype: 'image/jpeg' },
        size,
      );
      expect(created.status).toBe(201);
      return uploadUrl(me, created);
    }

    async function stored(sha256: string): Promise<boolean> {
      return (
        (await api.database.db
          .selectFrom('files')
          .select('sha256')
          .where('notebook_id', '=', notebookId)
          .where('sha256', '=', sha256)
          .executeTakeFirst()) !== undefined
      );
    }

    it('verifies bytes it did not hash as they arrived by reading them back: a match is stored, a mismatch refused', async () => {
      const { bytes, sha256 } = someContent(2500);
      // The first chunk reached the store before a restart (or through another instance).
      const url = await begin(sha256, bytes.length);
      await store.uploads.write(Readable.from([bytes.subarray(0, 1000)]), url.split('/').pop()!, 0);
      expect((await sendChunk(me, url, 1000, bytes.subarray(1000))).status).toBe(204);
      expect(await stored(sha256)).toBe(true);

      const other = someContent(2500);
      const damaged = Buffer.from(other.bytes);
      damaged[10] = damaged[10]! ^ 0xff;
      const url2 = await begin(other.sha256, damaged.length);
      await store.uploads.write(
        Readable.from([damaged.subarray(0, 1000)]),
        url2.split('/').pop()!,
        0,
      );
      const finished = await sendChunk(me, url2, 1000, damaged.subarray(1000));
      expect(finished.status).toBe(422);
      expect(((await finished.json()) as { error: { code: string } }).error.code).toBe(
        'hash-mismatch',
      );
      expect(await stored(other.sha256)).toBe(false);
    });

    it('refuses a damaged file hashed as it arrived, sent in chunks of over a megabyte', async () => {
      const { bytes, sha256 } = someContent(3 * 1024 * 1024 + 7);
      const damaged = Buffer.from(bytes);
      damaged[2 * 1024 * 1024 + 3] = damaged[2 * 1024 * 1024 + 3]! ^ 0x01;
      const url = await begin(sha256, bytes.length);
      const half = 1536 * 1024 + 1;
      expect((await sendChunk(me, url, 0, damaged.subarray(0, half))).status).toBe(204);
      const finished = await sendChunk(me, url, half, damaged.subarray(half));
      expect(finished.status).toBe(422);
      expect(await stored(sha256)).toBe(false);

      // The same bytes undamaged are stored.
      const again = await begin(sha256, bytes.length);
      expect((await sendChunk(me, again, 0, bytes.subarray(0, half))).status).toBe(204);
      expect((await sendChunk(me, again, half, bytes.subarray(half))).status).toBe(204);
      expect(await stored(sha256)).toBe(true);
    });

    it('keeps what arrived of a chunk whose device went away mid-body, and the upload goes on from there', async () => {
      const { bytes, sha256 } = someContent(4000);
      const url = await begin(sha256, bytes.length);
      // Announces 4000 bytes, sends 1500, and is cut off.
      const cut = request(url, {
        method: 'PATCH',
        headers: headersFor(me, {
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': '4000',
        }),
      });
      cut.on('error', () => undefined);
      cut.write(bytes.subarray(0, 1500));
      await sleep(200);
      cut.destroy();

      let offset = 0;
      for (let tries = 0; tries < 100; tries++) {
        await sleep(50);
        const head = await uploadOffset(me, url);
        if (head.status !== 200) continue;
        offset = Number(head.headers.get('upload-offset'));
        if (storeKind === 's3' || offset === 1500) break;
      }
      // The disk store keeps every byte that arrived; S3 keeps whatever it could store of them.
      if (storeKind === 'disk') expect(offset).toBe(1500);
      expect(offset).toBeLessThanOrEqual(1500);
      expect((await sendChunk(me, url, offset, bytes.subarray(offset))).status).toBe(204);
      expect(await stored(sha256)).toBe(true);
    });

    it('refuses a chunk that runs past the end of the file, sent without a length, and goes on from what it holds', async () => {
      const { bytes, sha256 } = someContent(2000);
      const url = await begin(sha256, bytes.length);
      // Chunked transfer: no Content-Length to refuse it by, so the body is cut at the file's end.
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, {
          method: 'PATCH',
          headers: headersFor(me, {
            'upload-offset': '0',
            'content-type': 'application/offset+octet-stream',
          }),
        });
        req.on('response', (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        req.on('error', reject);
        req.end(Buffer.concat([bytes, Buffer.alloc(500)]));
      });
      expect(status).toBe(413);
      expect(await stored(sha256)).toBe(false);
      const head = await uploadOffset(me, url);
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeLessThanOrEqual(2000);
      if (offset < 2000) {
        expect((await sendChunk(me, url, offset, bytes.subarray(offset))).status).toBe(204);
      }
      expect(await stored(sha256)).toBe(offset < 2000);
    });
  });
}
