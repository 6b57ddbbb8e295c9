// Task reminders end to end against the local push service, on SQLite and PostgreSQL: a task's
// due time schedules a reminder that reaches every device with alerts on for the notebook at
// that time, once; a new due time reschedules it; ticking the task done, deleting it or clearing
// the date cancels it; a due time that is not a date is refused and changes nothing; the
// schedule is in the database, so a restarted server (or a second instance) sends it, once.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushReminderSchema, pushTopic } from '../../src/protocol/push.js';
import { buildApp } from '../app.js';
import type { TestUser } from '../test/apiHarness.js';
import { entryPut, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { openDatabase } from '../db/openDatabase.js';
import { TEST_DATABASE_URL, testDatabaseTargets } from '../test/testDatabases.js';
import { openPushTestbed, type PushTestbed } from './testing/pushTestbed.js';

afterAll(removeTempDirs);

const MINUTE = 60_000;

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`task reminders on ${kind}`, () => {
    let bed: PushTestbed;
    let ana: TestUser;
    let ben: TestUser;
    let notebookId: string;
    let anaClient: TestSyncClient;

    beforeEach(async () => {
      bed = await openPushTestbed(kind);
      ana = await bed.api.signUp(undefined, 'Ana');
      ben = await bed.api.signUp(undefined, 'Ben');
      notebookId = await bed.sharedNotebook(ana, [ben]);
      anaClient = new TestSyncClient(bed.api, ana);
    });
    afterEach(async () => bed.close());

    /** The reminders each device has received so far. */
    function reminders(subscriptionId: string) {
      return bed.service
        .messages({ subscription: subscriptionId })
        .map((message) => JSON.parse(message.plaintext ?? '{}') as { type?: string })
        .filter((message) => message.type === 'reminder')
        .map((message) => pushReminderSchema.parse(message));
    }

    async function put(id: string, fields: Record<string, unknown>) {
      const entry = (await bed.api.database.db
        .selectFrom('entries')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirst()) ?? { version: 0 };
      const result = await anaClient.push([
        entryPut(notebookId, fields, id, Number(entry.version)),
      ]);
      expect(result, JSON.stringify(result.rejections)).toMatchObject({ applied: 1, rejected: 0 });
    }

    it('reminds every device with alerts on at the due time — the writer’s own too — once', async () => {
      const benPhone = await bed.subscribe(ben, { label: 'ben phone' });
      const anaLaptop = await bed.subscribe(ana, { label: 'ana laptop (writing)' });
      const id = randomUUID();
      const due = bed.clock.now + 10 * MINUTE;
      await put(id, { title: 'Buy rope', due });
      await bed.drain();
      expect(reminders(benPhone.id)).toEqual([]);

      bed.clock.advance(9 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id)).toEqual([]);

      bed.clock.advance(MINUTE);
      await bed.drain();
      for (const device of [benPhone, anaLaptop]) {
        expect(reminders(device.id), device.label).toEqual([
          {
            type: 'reminder',
            notebookId,
            entryId: id,
            due,
            title: 'Buy rope',
            notebookName: 'Field notes',
          },
        ]);
      }
      const message = bed.service
        .messages({ subscription: benPhone.id })
        .find((record) => record.plaintext?.includes('"reminder"'));
      expect(message!.topic).toBe(pushTopic(id));

      // Sent once: later drains and an edit that keeps the due time send nothing more.
      await bed.drain();
      await put(id, { title: 'Buy rope (30 m)' });
      bed.clock.advance(MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id)).toHaveLength(1);
      expect(reminders(anaLaptop.id)).toHaveLength(1);
    });

    it('moves the reminder with a new due time, and reminds again after a move past the first', async () => {
      const benPhone = await bed.subscribe(ben);
      const id = randomUUID();
      const first = bed.clock.now + 5 * MINUTE;
      await put(id, { title: 'Check buoys', due: first });
      const later = first + 30 * MINUTE;
      await put(id, { due: later });
      bed.clock.advance(6 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id)).toEqual([]);
      bed.clock.advance(30 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id).map((reminder) => reminder.due)).toEqual([later]);

      // Sent, then pushed back to a new time: it waits again and is sent again.
      const again = bed.clock.now + 10 * MINUTE;
      await put(id, { due: again });
      await bed.drain();
      expect(reminders(benPhone.id)).toHaveLength(1);
      bed.clock.advance(10 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id).map((reminder) => reminder.due)).toEqual([later, again]);
    });

    it('cancels the reminder when the task is ticked done, deleted or its date cleared', async () => {
      const benPhone = await bed.subscribe(ben);
      const due = bed.clock.now + 5 * MINUTE;
      const ticked = randomUUID();
      const deleted = randomUUID();
      const cleared = randomUUID();
      for (const id of [ticked, deleted, cleared]) await put(id, { title: `Task ${id}`, due });
      await put(ticked, { done: true });
      await put(cleared, { due: null });
      const result = await anaClient.push([
        { name: 'entry.delete', args: { id: deleted, notebookId } },
      ]);
      expect(result.applied).toBe(1);
      expect(
        await bed.api.database.db.selectFrom('task_reminders').select('entry_id').execute(),
      ).toEqual([]);
      bed.clock.advance(10 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id)).toEqual([]);
    });

    it('sends nothing for a due time already past when it was set, nor to a device that muted the notebook', async () => {
      const benPhone = await bed.subscribe(ben);
      const muted = await bed.api.request({
        method: 'PUT',
        url: `/api/push/notebooks/${notebookId}`,
        headers: ben.headers,
        payload: { alerts: false },
      });
      expect(muted.statusCode).toBe(204);
      const anaPhone = await bed.subscribe(ana);
      await put(randomUUID(), { title: 'Yesterday’s task', due: Date.now() - 24 * 60 * MINUTE });
      await put(randomUUID(), { title: 'Soon', due: bed.clock.now + MINUTE });
      bed.clock.advance(2 * MINUTE);
      await bed.drain();
      expect(reminders(benPhone.id)).toEqual([]);
      expect(reminders(anaPhone.id).map((reminder) => reminder.title)).toEqual(['Soon']);
    });

    it('refuses a due time that is not a date, with a clear reason, and changes nothing', async () => {
      const id = randomUUID();
      const due = bed.clock.now + 5 * MINUTE;
      await put(id, { title: 'Buy rope', due });
      for (const [bad, reason] of [
        ['tomorrow', /due must be a date and time/],
        [due + 0.5, /whole number/],
        [Date.UTC(1999, 11, 31), /2000 or later/],
        [Date.UTC(10000, 0, 1), /before the year 10000/],
      ] as const) {
        const result = await anaClient.push([entryPut(notebookId, { due: bad }, id, 0)]);
        expect(result.rejected).toBe(1);
        expect(result.rejections.at(-1)).toMatchObject({ code: 'invalid-args' });
        expect(result.rejections.at(-1)!.message).toMatch(reason);
      }
      const row = await bed.api.database.db
        .selectFrom('task_reminders')
        .select('due_at')
        .executeTakeFirstOrThrow();
      expect(Number(row.due_at)).toBe(due);
      const pages = await anaClient.pullAll();
      const entry = pages
        .flatMap((page) => page.changes)
        .flatMap((changes) => changes.entries)
        .find((record) => record.id === id);
      expect(entry).toMatchObject({ fields: { due, title: 'Buy rope' } });
    });

    it('keeps the schedule in the database: a restarted server, or two instances at once, send it once', async () => {
      const benPhone = await bed.subscribe(ben);
      const id = randomUUID();
      const due = bed.clock.now + 5 * MINUTE;
      await put(id, { title: 'Haul nets', due });
      bed.clock.advance(6 * MINUTE);
      // Two more apps on the same database: a restarted instance and its sibling. On
      // PostgreSQL each has its own connection pool, as separate processes would.
      const config = testConfig({ push: { ...testConfig().push, allowLoopback: true } });
      const handles: DatabaseHandle[] = [];
      for (let i = 0; i < 2; i++) {
        handles.push(
          kind === 'postgres'
            ? await openDatabase(
                { databaseUrl: TEST_DATABASE_URL!, dataDir: '' },
                { pgSchema: bed.api.database.schema! },
              )
            : bed.api.database,
        );
      }
      const apps = handles.map((database) =>
        buildApp({
          config,
          database,
          logger: false,
          push: { now: () => bed.clock.now, ca: bed.service.certificatePem, coalesceMs: 0 },
        }),
      );
      try {
        for (const app of apps) await app.ready();
        await Promise.all([...apps.map((app) => app.push.drainOnce()), bed.drain()]);
        await Promise.all(apps.map((app) => app.push.drainOnce()));
      } finally {
        for (const app of apps) await app.close();
        if (kind === 'postgres') for (const handle of handles) await handle.close();
      }
      expect(reminders(benPhone.id).map((reminder) => reminder.title)).toEqual(['Haul nets']);
    });
  });
}
