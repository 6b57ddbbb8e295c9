// Two devices with the same new photo for the same notebook at the same moment: each asked the
// server (404, not there yet), each began an upload. Neither may be left waiting: both
// attachments end `stored`, the notebook holds the content once, and a device whose upload the
// other one's made redundant is told it is complete instead of being made to send the rest.
// SQLite and PostgreSQL, disk and S3 stores; the last test is PostgreSQL's own race (below).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentPaths } from '../../src/protocol/attachments.js';
import { Role } from '../../src/protocol/roles.js';
import { applyPush } from '../sync/applyPush.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { attachmentAdd, someContent } from '../test/attachmentArgs.js';
import { startS3Server, type TestS3Server } from '../test/s3Server.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { TEST_DATABASE_URL, testStoreTargets } from '../test/testDatabases.js';
import {
  createUpload,
  headersFor,
  listen,
  sendChunk,
  uploadOffset,
  uploadUrl,
  type UploadTarget,
} from '../test/tusClient.js';
import { DiskFileStore } from './DiskFileStore.js';
import { defaultFilesConfig } from './filesConfig.js';
import { finishUpload } from './finishUpload.js';

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  removeTempDirs();
});

const SIZE = 3000;

for (const { kind, enabled, storeKind } of testStoreTargets) {
  describe.runIf(enabled)(
    `the same new content from two devices on ${kind}, ${storeKind} store`,
    () => {
      let api: ApiHarness;
      let base: string;
      let notebookId: string;
      let devices: {
        sync: TestSyncClient;
        target: UploadTarget;
        entryId: string;
        attachmentId: string;
      }[];
      const { bytes, sha256 } = someContent(SIZE);

      beforeEach(async () => {
        api = await openApiHarness(kind, {
          files: storeKind === 's3' ? s3.files : defaultFilesConfig(),
        });
        base = await listen(api);
        notebookId = randomUUID();
        const owner = new TestSyncClient(api, await api.signUp());
        await owner.push([notebookCreate(notebookId)]);
        const teammate = new TestSyncClient(api, await api.signUp());
        await api.database.db
          .insertInto('memberships')
          .values({
            notebook_id: notebookId,
            user_id: teammate.user.user.id,
            role: Role.Editor,
            joined_at: Date.now(),
          })
          .execute();
        devices = [];
        for (const sync of [owner, teammate]) {
          const entryId = randomUUID();
          const add = attachmentAdd(notebookId, entryId, { sha256, size: SIZE });
          await sync.push([entryPut(notebookId, { title: 'Same photo' }, entryId), add]);
          devices.push({
            sync,
            target: { base, user: sync.user },
            entryId,
            attachmentId: add.args.id,
          });
        }
      });
      afterEach(async () => api.close());

      const begin = async (target: UploadTarget) => {
        const dedupe = `${base}${AttachmentPaths.file(notebookId, sha256)}`;
        expect((await fetch(dedupe, { method: 'HEAD', headers: headersFor(target) })).status).toBe(
          404,
        );
        const created = await createUpload(
          target,
          { notebookId, sha256, filename: 'same.jpg', filetype: 'image/jpeg' },
          SIZE,
        );
        expect(created.status).toBe(201);
        return uploadUrl(target, created);
      };

      async function expectStoredOnce(): Promise<void> {
        const { db } = api.database;
        expect((await db.selectFrom('files').select('sha256').execute()).length).toBe(1);
        const uploads = await db.selectFrom('uploads').select('finished_at').execute();
        expect(uploads.every((upload) => upload.finished_at !== null)).toBe(true);
        for (const device of devices) {
          // Each device, from the start, sees its own attachment stored…
          device.sync.cursors = {};
          const entry = (await device.sync.pullAll())
            .flatMap((page) => page.changes.flatMap((change) => change.entries))
            .find((record) => record.id === device.entryId);
          expect(entry && !entry.deleted && entry.attachments[0]?.stored).toBe(true);
          // …and can fetch the bytes through it.
          const content = await fetch(
            `${base}${AttachmentPaths.content(notebookId, device.attachmentId)}`,
            { headers: { cookie: device.target.user.cookie } },
          );
          expect(content.status).toBe(200);
          expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
        }
      }

      it('both finish at once: both stored, one file', async () => {
        const urls = await Promise.all(devices.map((device) => begin(device.target)));
        await Promise.all(
          devices.map((device, i) =>
            sendChunk(device.target, urls[i]!, 0, bytes.subarray(0, 1000)),
          ),
        );
        const last = await Promise.all(
          devices.map((device, i) =>
            sendChunk(device.target, urls[i]!, 1000, bytes.subarray(1000)),
          ),
        );
        expect(last.map((response) => response.status)).toEqual([204, 204]);
        await expectStoredOnce();
      });

      it('one finishes first: the other is told its upload is complete, not made to send the rest', async () => {
        const [first, second] = devices as [(typeof devices)[0], (typeof devices)[0]];
        const firstUrl = await begin(first.target);
        // The second device's upload, twice over: once it resumes (asks how far it got), once it
        // simply sends its next chunk.
        const resuming = await begin(second.target);
        const sending = await begin(second.target);
        for (const url of [resuming, sending]) {
          expect((await sendChunk(second.target, url, 0, bytes.subarray(0, 1000))).status).toBe(
            204,
          );
        }
        expect((await sendChunk(first.target, firstUrl, 0, bytes)).status).toBe(204);

        const head = await uploadOffset(second.target, resuming);
        expect(head.status).toBe(200);
        expect(head.headers.get('upload-offset')).toBe(String(SIZE));
        const next = await sendChunk(second.target, sending, 1000, bytes.subarray(1000, 2000));
        expect(next.status).toBe(204);
        expect(next.headers.get('upload-offset')).toBe(String(SIZE));
        await expectStoredOnce();
      });
    },
  );
}

// PostgreSQL runs a push and an upload's finish side by side (SQLite runs one transaction at a
// time). The push adds an attachment of content whose upload is finishing. If the finish picks
// the entries to announce before the push commits, and the push commits (with its entry's new
// version) before the finish's file row does, a device pulling in between sees that attachment
// "not stored" at a version nothing ever bumps again: it would wait for the bytes for ever.
describe.runIf(TEST_DATABASE_URL !== undefined)(
  'an upload finishing while a push adds its content',
  () => {
    let api: ApiHarness;
    afterEach(async () => api.close());

    it('announces the attachment the push added, so no device is left waiting', async () => {
      api = await openApiHarness('postgres');
      const store = new DiskFileStore(makeTempDir('tideline-files-'));
      const owner = new TestSyncClient(api, await api.signUp());
      const notebookId = randomUUID();
      const [first, second] = [randomUUID(), randomUUID()];
      const { bytes, sha256 } = someContent(SIZE);
      await owner.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'First' }, first),
        entryPut(notebookId, { title: 'Second' }, second),
        attachmentAdd(notebookId, first, { sha256, size: SIZE }),
      ]);
      await owner.pullAll();

      const uploadId = randomUUID().replaceAll('-', '');
      await store.uploads.create(new Upload({ id: uploadId, size: SIZE, offset: 0 }));
      await store.uploads.write(Readable.from([bytes]), uploadId, 0);
      const upload = {
        id: uploadId,
        user_id: owner.user.user.id,
        notebook_id: notebookId,
        sha256,
        size: SIZE,
      };
      await api.database.db
        .insertInto('uploads')
        .values({ ...upload, created_at: Date.now(), finished_at: null })
        .execute();

      const { db } = api.database;
      let finishing: Promise<void> | undefined;
      const add = attachmentAdd(notebookId, second, { sha256, size: SIZE });
      await applyPush(
        api.database,
        owner.user.user.id,
        { clientId: owner.clientId, mutations: [{ id: 5, ...add }] },
        {
          beforeCommit: async (tx) => {
            // The push holds the notebook; the finish starts now and must wait for it.
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
            const pushPid = rows[0]!.pid;
            finishing = finishUpload(api.database, api.events, store, upload);
            for (;;) {
              const blocked = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
              where ${pushPid} = any(pg_blocking_pids(pid))`.execute(db);
              if (Number(blocked.rows[0]!.n) > 0) break;
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          },
        },
      );
      await finishing;

      // A device that pulled right after the push saw the second attachment without its bytes;
      // its next pull must bring that entry again, stored.
      const added = await db
        .selectFrom('attachments')
        .select('version')
        .where('id', '=', add.args.id)
        .executeTakeFirstOrThrow();
      owner.cursors[notebookId] = { ...owner.cursors[notebookId]!, version: Number(added.version) };
      const entries = (await owner.pullAll()).flatMap((page) =>
        page.changes.flatMap((change) => change.entries),
      );
      const again = entries.find((entry) => entry.id === second);
      expect(again && !again.deleted && again.attachments[0]?.stored).toBe(true);
    });
  },
);
