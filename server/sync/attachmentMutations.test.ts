// attachment.add and attachment.remove (issue 18, "Sync model"): an attachment is part of its
// entry, applied exactly once through the outbox, editors and owners only, and every change
// moves the entry's version so teammates' pulls carry it. SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentLimits } from '../../src/protocol/attachments.js';
import type { EntryRecord } from '../../src/protocol/entry.js';
import { Role } from '../../src/protocol/roles.js';
import { pullResponseSchema } from '../../src/protocol/sync.js';
import { openApiHarness, type ApiHarness } from '../test/apiHarness.js';
import { attachmentAdd, attachmentRemove } from '../test/attachmentArgs.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { purgeTombstones } from './purgeTombstones.js';

afterAll(removeTempDirs);

async function addMember(api: ApiHarness, notebookId: string, userId: string, role: Role) {
  await api.database.db
    .insertInto('memberships')
    .values({ notebook_id: notebookId, user_id: userId, role, joined_at: Date.now() })
    .execute();
}

/** The entry as a pull of everything shows it now. */
async function entryOf(client: TestSyncClient, entryId: string) {
  client.cursors = {};
  const pages = await client.pullAll();
  for (const page of pages) pullResponseSchema.parse(page);
  const records: EntryRecord[] = pages.flatMap((page) => page.changes.flatMap((c) => c.entries));
  const record = records.find((entry) => entry.id === entryId);
  if (!record || record.deleted) throw new Error(`entry ${entryId} is not live`);
  return record;
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`attachment mutations on ${kind}`, () => {
    let api: ApiHarness;
    let owner: TestSyncClient;
    let notebookId: string;
    let entryId: string;
    beforeEach(async () => {
      api = await openApiHarness(kind);
      owner = new TestSyncClient(api, await api.signUp());
      notebookId = randomUUID();
      entryId = randomUUID();
      await owner.push([
        notebookCreate(notebookId),
        entryPut(notebookId, { title: 'Gauge' }, entryId),
      ]);
    });
    afterEach(async () => api.close());

    it('an attachment added reaches a teammate’s next pull with its entry, not yet stored', async () => {
      const teammate = new TestSyncClient(api, await api.signUp());
      await addMember(api, notebookId, teammate.user.user.id, Role.Editor);
      await teammate.pullAll();
      const before = await entryOf(owner, entryId);

      const add = attachmentAdd(notebookId, entryId, { durationMs: 1500 });
      expect(await owner.push([add])).toMatchObject({ applied: 1, rejected: 0 });

      // The teammate's cursor is past the entry's old version: only the bump brings it back.
      const page = await teammate.pullOnce();
      const entries = page.changes.flatMap((change) => change.entries);
      expect(entries.map((entry) => entry.id)).toEqual([entryId]);
      const entry = entries[0]!;
      if (entry.deleted) throw new Error('deleted');
      expect(entry.version).toBeGreaterThan(before.version);
      expect(entry.fields).toEqual(before.fields);
      expect(entry.fieldVersions).toEqual(before.fieldVersions);
      const { entryId: _entry, notebookId: _notebook, ...fields } = add.args;
      expect(entry.attachments).toEqual([
        {
          ...fields,
          createdBy: owner.user.user.id,
          createdAt: expect.any(Number),
          stored: false,
          version: entry.version,
        },
      ]);
    });

    it('an entry created and given a file in one push keeps both', async () => {
      const id = randomUUID();
      const result = await owner.push([
        entryPut(notebookId, { title: 'Photo' }, id),
        attachmentAdd(notebookId, id),
        attachmentAdd(notebookId, id, { name: 'second.jpg' }),
      ]);
      expect(result).toMatchObject({ applied: 3, rejected: 0 });
      const entry = await entryOf(owner, id);
      expect(entry.attachments.map((a) => a.name)).toEqual(['gauge.jpg', 'second.jpg']);
    });

    it('a push replayed ten times adds the attachment once', async () => {
      const batch = owner.number([attachmentAdd(notebookId, entryId)]);
      for (let i = 0; i < 10; i++) await owner.send(batch);
      const rows = await api.database.db.selectFrom('attachments').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect((await entryOf(owner, entryId)).attachments).toHaveLength(1);
    });

    it('an attachment removed leaves its entry on every device, and removing it again changes nothing', async () => {
      const add = attachmentAdd(notebookId, entryId);
      await owner.push([add]);
      const withFile = await entryOf(owner, entryId);
      expect(await owner.push([attachmentRemove(notebookId, entryId, add.args.id)])).toMatchObject({
        applied: 1,
        rejected: 0,
      });
      const without = await entryOf(owner, entryId);
      expect(without.attachments).toEqual([]);
      expect(without.version).toBeGreaterThan(withFile.version);
      const again = await owner.push([attachmentRemove(notebookId, entryId, add.args.id)]);
      expect(again).toMatchObject({ applied: 1, rejected: 0 });
      expect((await entryOf(owner, entryId)).version).toBe(without.version);
      // One never added is a no-op too.
      const unknown = await owner.push([attachmentRemove(notebookId, entryId, randomUUID())]);
      expect(unknown).toMatchObject({ applied: 1, rejected: 0 });
    });

    it('a viewer cannot attach or remove, a stranger cannot see the notebook; nothing changes', async () => {
      const add = attachmentAdd(notebookId, entryId);
      await owner.push([add]);
      const viewer = new TestSyncClient(api, await api.signUp());
      await addMember(api, notebookId, viewer.user.user.id, Role.Viewer);
      const stranger = new TestSyncClient(api, await api.signUp());
      const before = await api.database.db.selectFrom('attachments').selectAll().execute();

      const byViewer = await viewer.push([
        attachmentAdd(notebookId, entryId),
        attachmentRemove(notebookId, entryId, add.args.id),
      ]);
      expect(byViewer.rejections.map((r) => r.code)).toEqual(['forbidden', 'forbidden']);
      const byStranger = await stranger.push([attachmentAdd(notebookId, entryId)]);
      expect(byStranger.rejections.map((r) => r.code)).toEqual(['not-found']);
      expect(await api.database.db.selectFrom('attachments').selectAll().execute()).toEqual(before);
    });

    it('refuses files for missing, deleted or other notebooks’ entries, bad arguments, duplicates and oversize', async () => {
      const other = randomUUID();
      const deleted = randomUUID();
      const taken = attachmentAdd(notebookId, entryId);
      await owner.push([
        notebookCreate(other),
        entryPut(notebookId, { title: 'Gone' }, deleted),
        { name: 'entry.delete', args: { id: deleted, notebookId } },
        taken,
      ]);
      const result = await owner.push([
        attachmentAdd(notebookId, randomUUID()),
        attachmentAdd(notebookId, deleted),
        attachmentAdd(other, entryId),
        attachmentAdd(notebookId, entryId, { sha256: 'not-a-hash' }),
        attachmentAdd(notebookId, entryId, { name: '../etc/passwd' }),
        attachmentAdd(notebookId, entryId, { thumbnail: 'data:image/svg+xml;base64,AAAA' }),
        attachmentAdd(notebookId, entryId, { id: taken.args.id }),
        attachmentAdd(notebookId, entryId, { size: AttachmentLimits.maxBytesDefault + 1 }),
        attachmentRemove(other, entryId, taken.args.id),
      ]);
      expect(result.rejections.map((r) => r.code)).toEqual([
        'not-found',
        'not-found',
        'wrong-notebook',
        'invalid-args',
        'invalid-args',
        'invalid-args',
        'already-exists',
        'too-large',
        'wrong-notebook',
      ]);
      expect(result.rejections[7]!.message).toMatch(/larger than the 100 MB/);
      expect(await api.database.db.selectFrom('attachments').selectAll().execute()).toHaveLength(1);
    });

    it(`an entry holds at most ${AttachmentLimits.perEntryMax} attachments`, async () => {
      const adds = Array.from({ length: AttachmentLimits.perEntryMax + 1 }, () =>
        attachmentAdd(notebookId, entryId),
      );
      const result = await owner.push(adds);
      expect(result.applied).toBe(AttachmentLimits.perEntryMax);
      expect(result.rejections.map((r) => r.code)).toEqual(['limit-reached']);
    });

    it('a purged tombstone takes its attachments with it', async () => {
      await owner.push([attachmentAdd(notebookId, entryId)]);
      await owner.push([{ name: 'entry.delete', args: { id: entryId, notebookId } }]);
      await purgeTombstones(api.database, 0, Date.now() + 1000);
      expect(await api.database.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    });
  });
}
