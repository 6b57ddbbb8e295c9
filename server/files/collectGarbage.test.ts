// Garbage collection of attachments' bytes and of unfinished uploads, after their grace periods:
// content nothing refers to goes, content still referred to (or removed only lately) stays, and
// an upload left unfinished past UPLOAD_EXPIRY_HOURS goes with its bytes. SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { attachmentAdd, attachmentRemove, someContent } from '../test/attachmentArgs.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { collectGarbage } from './collectGarbage.js';
import { DiskFileStore } from './DiskFileStore.js';

afterAll(removeTempDirs);

const HOUR = 3_600_000;
const config = { graceMs: 24 * HOUR, uploadExpiryMs: 72 * HOUR };

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`file garbage collection on ${kind}`, () => {
    let api: ApiHarness;
    let store: DiskFileStore;
    let owner: TestSyncClient;
    let notebookId: string;
    let entryId: string;
    beforeEach(async () => {
      api = await openApiHarness(kind);
      store = new DiskFileStore(makeTempDir('tideline-files-'));
      owner = new TestSyncClient(api, await api.signUp());
      notebookId = randomUUID();
      entryId = randomUUID();
      await owner.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Gauge' }, entryId),
      ]);
    });
    afterEach(async () => api.close());

    /** Content stored `ago` ms before now, as a finished upload leaves it. */
    async function stored(ago: number) {
      const { bytes, sha256 } = someContent(100);
      await store.put({ notebookId, sha256 }, bytes);
      await api.database.db
        .insertInto('files')
        .values({ notebook_id: notebookId, sha256, size: 100, stored_at: Date.now() - ago })
        .execute();
      return sha256;
    }

    async function isStored(sha256: string): Promise<boolean> {
      const row = await api.database.db
        .selectFrom('files')
        .select('sha256')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      const size = await store.size({ notebookId, sha256 });
      expect(size !== undefined).toBe(row !== undefined);
      return row !== undefined;
    }

    it('deletes content no attachment refers to once the grace period is over, and only that', async () => {
      const orphan = await stored(25 * HOUR);
      const fresh = await stored(1 * HOUR);
      const attached = await stored(48 * HOUR);
      const removedLately = await stored(48 * HOUR);
      const removedLongAgo = await stored(48 * HOUR);
      const add = (sha256: string) => attachmentAdd(notebookId, entryId, { sha256 });
      const lately = add(removedLately);
      const longAgo = add(removedLongAgo);
      await owner.push([add(attached), lately, longAgo]);
      await owner.push([
        attachmentRemove(notebookId, entryId, lately.args.id),
        attachmentRemove(notebookId, entryId, longAgo.args.id),
      ]);
      await api.database.db
        .updateTable('attachments')
        .set({ deleted_at: Date.now() - 30 * HOUR })
        .where('id', '=', longAgo.args.id)
        .execute();

      expect(await collectGarbage(api.database, store, config)).toEqual({ files: 2, uploads: 0 });
      expect(await isStored(orphan)).toBe(false);
      expect(await isStored(removedLongAgo)).toBe(false);
      expect(await isStored(fresh)).toBe(true);
      expect(await isStored(attached)).toBe(true);
      expect(await isStored(removedLately)).toBe(true);

      // A day later the lately removed one goes too; the attached one never does.
      const later = Date.now() + 25 * HOUR;
      await collectGarbage(api.database, store, config, later);
      expect(await isStored(removedLately)).toBe(false);
      expect(await isStored(attached)).toBe(true);
    });

    it('deletes a deleted notebook’s content after the grace period', async () => {
      const sha256 = await stored(48 * HOUR);
      await owner.push([attachmentAdd(notebookId, entryId, { sha256 })]);
      await owner.push([{ name: 'notebook.delete', args: { id: notebookId } }]);
      await collectGarbage(api.database, store, config);
      expect(await isStored(sha256)).toBe(true);
      await collectGarbage(api.database, store, config, Date.now() + 25 * HOUR);
      expect(await isStored(sha256)).toBe(false);
    });

    it('expires uploads left unfinished, with their bytes, and keeps recent ones', async () => {
      const { db } = api.database;
      const begin = async (ago: number) => {
        const id = randomUUID().replaceAll('-', '');
        await store.uploads.create(new Upload({ id, size: 1000, offset: 0 }));
        await store.uploads.write(Readable.from([Buffer.alloc(10)]), id, 0);
        await db
          .insertInto('uploads')
          .values({
            id,
            user_id: owner.user.user.id,
            notebook_id: notebookId,
            sha256: 'ab'.repeat(32),
            size: 1000,
            created_at: Date.now() - ago,
            finished_at: null,
          })
          .execute();
        return id;
      };
      const stale = await begin(73 * HOUR);
      const recent = await begin(1 * HOUR);
      expect(await collectGarbage(api.database, store, config)).toEqual({ files: 0, uploads: 1 });
      await expect(store.uploads.getUpload(stale)).rejects.toBeDefined();
      expect((await store.uploads.getUpload(recent)).offset).toBe(10);
      expect((await db.selectFrom('uploads').select('id').execute()).map((r) => r.id)).toEqual([
        recent,
      ]);
    });
  });
}
