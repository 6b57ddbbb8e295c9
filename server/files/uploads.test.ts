// The tus endpoint and the file routes end to end over HTTP, on SQLite and PostgreSQL, with the
// disk store and the S3 store: create, send in chunks, resume, finish (hash verified), dedupe,
// serve with Range and safe headers; refusals for size, hash, role and strangers.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentPaths } from '../../src/protocol/attachments.js';
import { Role } from '../../src/protocol/roles.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { attachmentAdd, attachmentRemove, someContent } from '../test/attachmentArgs.js';
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

const MAX = 64 * 1024;

for (const { kind, enabled, storeKind } of testStoreTargets) {
  describe.runIf(enabled)(`uploads on ${kind} with the ${storeKind} store`, () => {
    let api: ApiHarness;
    let base: string;
    let owner: TestSyncClient;
    let me: UploadTarget;
    let notebookId: string;
    let entryId: string;

    function filesConfig(): FilesConfig {
      const files = storeKind === 's3' ? s3.files : defaultFilesConfig();
      return { ...files, maxUploadBytes: MAX };
    }

    /** The store the server uses (same directory or bucket), to act behind its back. */
    let store: FileStore;

    beforeEach(async () => {
      const dataDir = makeTempDir('tideline-data-');
      api = await openApiHarness(kind, { files: filesConfig(), dataDir });
      store = openFileStore(filesConfig(), dataDir);
      base = await listen(api);
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

    const meta = (sha256: string, extra: Record<string, string> = {}) => ({
      notebookId,
      sha256,
      filename: 'gauge.jpg',
      filetype: 'image/jpeg',
      ...extra,
    });

    async function member(role: Role): Promise<UploadTarget> {
      const user = await api.signUp();
      await api.database.db
        .insertInto('memberships')
        .values({ notebook_id: notebookId, user_id: user.user.id, role, joined_at: Date.now() })
        .execute();
      return { base, user };
    }

    async function storedFlag(): Promise<boolean | undefined> {
      owner.cursors = {};
      const pages = await owner.pullAll();
      const entry = pages
        .flatMap((page) => page.changes.flatMap((change) => change.entries))
        .find((record) => record.id === entryId);
      return entry && !entry.deleted ? entry.attachments[0]?.stored : undefined;
    }

    async function upload(bytes: Buffer, sha256: string, chunk = 1000): Promise<Response> {
      const created = await createUpload(me, meta(sha256), bytes.length);
      expect(created.status).toBe(201);
      const url = uploadUrl(me, created);
      let last: Response | undefined;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        last = await sendChunk(me, url, offset, bytes.subarray(offset, offset + chunk));
        if (last.status !== 204) return last;
      }
      return last!;
    }

    it('sends a file in chunks, resumes from the offset the server reports, and stores it once verified', async () => {
      const { bytes, sha256 } = someContent(2500);
      const add = attachmentAdd(notebookId, entryId, { sha256, size: bytes.length });
      await owner.push([add]);
      expect(await storedFlag()).toBe(false);
      const before = owner.cursors[notebookId]!.version;

      const dedupe = `${base}${AttachmentPaths.file(notebookId, sha256)}`;
      expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(me) })).status).toBe(404);
      const created = await createUpload(me, meta(sha256), bytes.length);
      expect(created.status).toBe(201);
      const url = uploadUrl(me, created);
      expect((await sendChunk(me, url, 0, bytes.subarray(0, 1000))).status).toBe(204);
      // A device that lost the connection asks where to go on.
      const head = await uploadOffset(me, url);
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe('1000');
      expect((await sendChunk(me, url, 1000, bytes.subarray(1000))).status).toBe(204);

      expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(me) })).status).toBe(200);
      // The entry moved, so a pull from the old cursor carries `stored: true`.
      const page = await owner.pullOnce();
      expect(owner.cursors[notebookId]!.version).toBeGreaterThan(before);
      const entry = page.changes[0]!.entries[0]!;
      expect(!entry.deleted && entry.attachments[0]!.stored).toBe(true);
      // A lost last response: asking again says it is complete.
      const again = await uploadOffset(me, url);
      expect(again.status).toBe(200);
      expect(again.headers.get('upload-offset')).toBe('2500');

      const content = await fetch(`${base}${AttachmentPaths.content(notebookId, add.args.id)}`, {
        headers: { cookie: owner.user.cookie },
      });
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
    });

    it('a server killed after storing the last chunk but before recording it: the next HEAD finishes it', async () => {
      const { bytes, sha256 } = someContent(2500);
      const add = attachmentAdd(notebookId, entryId, { sha256, size: bytes.length });
      await owner.push([add]);
      const created = await createUpload(me, meta(sha256), bytes.length);
      const url = uploadUrl(me, created);
      expect((await sendChunk(me, url, 0, bytes.subarray(0, 1000))).status).toBe(204);
      // What the server did before it died: took the rest, verified it and moved it into place.
      const uploadId = url.split('/').pop()!;
      const { Readable } = await import('node:stream');
      await store.uploads.write(Readable.from([bytes.subarray(1000)]), uploadId, 1000);
      await store.adoptUpload(uploadId, { notebookId, sha256 });
      expect(await storedFlag()).toBe(false);

      const head = await uploadOffset(me, url);
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe('2500');
      expect(await storedFlag()).toBe(true);
      const { db } = api.database;
      expect((await db.selectFrom('files').select('sha256').execute()).length).toBe(1);
      const content = await fetch(`${base}${AttachmentPaths.content(notebookId, add.args.id)}`, {
        headers: { cookie: owner.user.cookie },
      });
      expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
    });

    it('refuses a file whose bytes do not match its SHA-256: 422, nothing visible, bytes gone', async () => {
      const { bytes } = someContent(1500);
      const claimed = someContent(10).sha256;
      await owner.push([attachmentAdd(notebookId, entryId, { sha256: claimed, size: 1500 })]);
      const finished = await upload(bytes, claimed);
      expect(finished.status).toBe(422);
      expect(((await finished.json()) as { error: { code: string } }).error.code).toBe(
        'hash-mismatch',
      );
      const { db } = api.database;
      expect(await db.selectFrom('files').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('uploads').selectAll().execute()).toEqual([]);
      expect(await storedFlag()).toBe(false);
      const dedupe = `${base}${AttachmentPaths.file(notebookId, claimed)}`;
      expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(me) })).status).toBe(404);
    });

    it('refuses a file over MAX_UPLOAD_BYTES before storing anything, saying so', async () => {
      const response = await createUpload(me, meta('ab'.repeat(32)), MAX + 1);
      expect(response.status).toBe(413);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('file-too-large');
      expect(body.error.message).toMatch(/largest this server accepts is 0\.1 MB/);
      expect(await api.database.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
      const limits = await fetch(`${base}${AttachmentPaths.limits}`, { headers: headersFor(me) });
      expect(await limits.json()).toEqual({ maxUploadBytes: MAX, chunkBytes: 8 * 1024 * 1024 });
    });

    it('lets only editors and owners upload, only the uploader resume, only members ask', async () => {
      const { bytes, sha256 } = someContent(300);
      const viewer = await member(Role.Viewer);
      const editor = await member(Role.Editor);
      const stranger: UploadTarget = { base, user: await api.signUp() };
      expect((await createUpload(viewer, meta(sha256), 300)).status).toBe(403);
      expect((await createUpload(stranger, meta(sha256), 300)).status).toBe(404);
      const anonymous = await fetch(`${base}/api/uploads`, {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '3', origin: base },
      });
      expect(anonymous.status).toBe(401);
      const crossSite = await fetch(`${base}/api/uploads`, {
        method: 'POST',
        headers: { ...headersFor(me, { 'upload-length': '3' }), origin: 'https://evil.example' },
      });
      expect(crossSite.status).toBe(403);
      for (const bad of [
        meta(sha256, { filename: '../x' }),
        { ...meta(sha256), extra: 'x' },
        meta('nothex'),
      ]) {
        const response = await createUpload(me, bad, 300);
        expect(response.status).toBe(400);
      }
      expect(await api.database.db.selectFrom('uploads').selectAll().execute()).toEqual([]);

      const created = await createUpload(editor, meta(sha256), 300);
      expect(created.status).toBe(201);
      const url = uploadUrl(editor, created);
      expect((await uploadOffset(me, url)).status).toBe(404);
      expect((await sendChunk(me, url, 0, bytes)).status).toBe(404);
      expect((await sendChunk(editor, url, 0, bytes)).status).toBe(204);
      const dedupe = `${base}${AttachmentPaths.file(notebookId, sha256)}`;
      expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(viewer) })).status).toBe(
        200,
      );
      expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(stranger) })).status).toBe(
        404,
      );
    });

    it('checks every chunk afresh: a role lost, a notebook deleted or a session ended refuses the next one', async () => {
      const { bytes, sha256 } = someContent(3000);
      const { db } = api.database;
      /** An editor's upload with its first chunk accepted. */
      async function underWay() {
        const editor = await member(Role.Editor);
        const url = uploadUrl(editor, await createUpload(editor, meta(sha256), bytes.length));
        expect((await sendChunk(editor, url, 0, bytes.subarray(0, 1000))).status).toBe(204);
        return {
          editor,
          url,
          next: () => sendChunk(editor, url, 1000, bytes.subarray(1000, 2000)),
        };
      }
      const membership = (userId: string) =>
        db
          .updateTable('memberships')
          .where('notebook_id', '=', notebookId)
          .where('user_id', '=', userId);

      const demoted = await underWay();
      await membership(demoted.editor.user.user.id).set({ role: Role.Viewer }).execute();
      expect((await demoted.next()).status).toBe(403);
      await membership(demoted.editor.user.user.id).set({ role: Role.Editor }).execute();
      expect((await demoted.next()).status).toBe(204);

      const removed = await underWay();
      await db
        .deleteFrom('memberships')
        .where('notebook_id', '=', notebookId)
        .where('user_id', '=', removed.editor.user.user.id)
        .execute();
      expect((await removed.next()).status).toBe(404);

      const signedOut = await underWay();
      await db
        .deleteFrom('sessions')
        .where('user_id', '=', signedOut.editor.user.user.id)
        .execute();
      expect((await signedOut.next()).status).toBe(401);

      const deleted = await underWay();
      await db
        .updateTable('notebooks')
        .set({ deleted_at: Date.now() })
        .where('id', '=', notebookId)
        .execute();
      expect((await deleted.next()).status).toBe(404);
      // Nothing refused was stored.
      for (const { url } of [removed, signedOut, deleted]) {
        const uploadId = url.split('/').pop()!;
        expect((await store.uploads.getUpload(uploadId)).offset).toBe(1000);
      }
    });

    // Each store keeps an upload's tus state once read (DiskUploadStore.ts; @tus/s3-store's
    // metadata cache).
    it("an upload removed behind the server's back is gone for it too, though it read its state before", async () => {
      const { bytes, sha256 } = someContent(3000);
      const url = uploadUrl(me, await createUpload(me, meta(sha256), bytes.length));
      expect((await sendChunk(me, url, 0, bytes.subarray(0, 1000))).status).toBe(204);
      expect((await uploadOffset(me, url)).headers.get('upload-offset')).toBe('1000');
      // Another process on the same store (an instance's clean-up) deletes it.
      await store.removeUpload(url.split('/').pop()!);
      expect((await uploadOffset(me, url)).status).toBe(404);
      expect((await sendChunk(me, url, 1000, bytes.subarray(1000, 2000))).status).toBe(404);
    });

    it('serves content to members only, by range, as a download unless it is safe media', async () => {
      const page = Buffer.from('<html><script>alert(1)</script></html>');
      const { bytes: photo, sha256: photoSha } = someContent(5000);
      const pageSha = (await import('../test/attachmentArgs.js')).sha256Of(page);
      const html = attachmentAdd(notebookId, entryId, {
        name: 'report "final".html',
        type: 'text/html',
        sha256: pageSha,
        size: page.length,
      });
      const image = attachmentAdd(notebookId, entryId, { sha256: photoSha, size: 5000 });
      const waiting = attachmentAdd(notebookId, entryId, { sha256: 'cd'.repeat(32) });
      await owner.push([html, image, waiting]);
      expect((await upload(page, pageSha)).status).toBe(204);
      expect((await upload(photo, photoSha)).status).toBe(204);
      const get = (id: string, headers: Record<string, string> = {}, who = owner.user.cookie) =>
        fetch(`${base}${AttachmentPaths.content(notebookId, id)}`, {
          headers: { cookie: who, ...headers },
        });

      const asHtml = await get(html.args.id);
      expect(asHtml.status).toBe(200);
      expect(asHtml.headers.get('content-type')).toBe('application/octet-stream');
      expect(asHtml.headers.get('content-disposition')).toBe(
        `attachment; filename="report _final_.html"; filename*=UTF-8''report%20%22final%22.html`,
      );
      expect(asHtml.headers.get('x-content-type-options')).toBe('nosniff');
      expect(asHtml.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

      const whole = await get(image.args.id);
      expect(whole.headers.get('content-type')).toBe('image/jpeg');
      expect(whole.headers.get('content-disposition')).toMatch(/^inline; /);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      const part = await get(image.args.id, { range: 'bytes=100-199' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
      expect(Buffer.from(await part.arrayBuffer())).toEqual(photo.subarray(100, 200));
      const tail = await get(image.args.id, { range: 'bytes=-10' });
      expect(Buffer.from(await tail.arrayBuffer())).toEqual(photo.subarray(4990));
      const beyond = await get(image.args.id, { range: 'bytes=5000-' });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe('bytes */5000');

      const notYet = await get(waiting.args.id);
      expect(notYet.status).toBe(404);
      expect(((await notYet.json()) as { error: { code: string } }).error.code).toBe(
        'attachment-not-uploaded',
      );
      const stranger = await api.signUp();
      expect((await get(image.args.id, {}, stranger.cookie)).status).toBe(404);
      const viewer = await member(Role.Viewer);
      expect((await get(image.args.id, {}, viewer.user.cookie)).status).toBe(200);
      await owner.push([attachmentRemove(notebookId, entryId, image.args.id)]);
      const removed = await get(image.args.id);
      expect(((await removed.json()) as { error: { code: string } }).error.code).toBe(
        'attachment-not-found',
      );
    });
  });
}
