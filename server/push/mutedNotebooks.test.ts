// Alerts per notebook, on SQLite and PostgreSQL: a device (session) that muted a notebook gets
// no push jobs for it, and still gets them for its other notebooks and after unmuting; only a
// member may mute, and bad input is refused with nothing stored.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import type { TestUser } from '../test/apiHarness.js';
import { TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';
import { openPushTestbed, type PushTestbed } from './testing/pushTestbed.js';

afterAll(removeTempDirs);

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`alerts per notebook on ${kind}`, () => {
    let bed: PushTestbed;
    let ana: TestUser;
    let ben: TestUser;
    let fieldNotes: string;
    let labBook: string;
    let anaClient: TestSyncClient;

    beforeEach(async () => {
      bed = await openPushTestbed(kind);
      ana = await bed.api.signUp(undefined, 'Ana');
      ben = await bed.api.signUp(undefined, 'Ben');
      fieldNotes = await bed.sharedNotebook(ana, [ben]);
      labBook = await bed.sharedNotebook(ana, [ben]);
      anaClient = new TestSyncClient(bed.api, ana);
    });
    afterEach(async () => bed.close());

    const setAlerts = (user: TestUser, notebookId: string, payload: unknown) =>
      bed.api.request({
        method: 'PUT',
        url: `/api/push/notebooks/${notebookId}`,
        headers: user.headers,
        payload: payload as Record<string, unknown>,
      });
    async function muted(user: TestUser): Promise<string[]> {
      const response = await bed.api.request({
        method: 'GET',
        url: '/api/push/notebooks',
        headers: { cookie: user.cookie },
      });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { muted: string[] }).muted;
    }
    /** Pending jobs as "subscription notebook" pairs. */
    async function jobTargets(): Promise<string[]> {
      const rows = await bed.api.database.db
        .selectFrom('push_jobs')
        .select(['subscription_id', 'notebook_id'])
        .orderBy('id')
        .execute();
      return rows.map((row) => `${row.subscription_id} ${row.notebook_id}`).sort();
    }
    const storedMutes = () =>
      bed.api.database.db.selectFrom('push_muted_notebooks').selectAll().execute();

    it('muting stops jobs for that notebook only, on that device only; unmuting restores them', async () => {
      const benPhone = await bed.subscribe(ben);
      const benLaptopSession = await bed.signIn(ben);
      const benLaptop = await bed.subscribe(benLaptopSession);
      const [phoneId, laptopId] = await Promise.all(
        [benPhone, benLaptop].map(async (device) => {
          const row = await bed.api.database.db
            .selectFrom('push_subscriptions')
            .select('id')
            .where('endpoint', '=', device.subscription.endpoint)
            .executeTakeFirstOrThrow();
          return row.id;
        }),
      );
      expect(await muted(ben)).toEqual([]);

      expect((await setAlerts(ben, fieldNotes, { alerts: false })).statusCode).toBe(204);
      // Muting twice is the same as once.
      expect((await setAlerts(ben, fieldNotes, { alerts: false })).statusCode).toBe(204);
      expect(await muted(ben)).toEqual([fieldNotes]);
      expect(await muted(benLaptopSession)).toEqual([]);

      await bed.change(anaClient, fieldNotes, 'muted on the phone');
      await bed.change(anaClient, labBook, 'not muted');
      expect(await jobTargets()).toEqual(
        [`${laptopId} ${fieldNotes}`, `${laptopId} ${labBook}`, `${phoneId} ${labBook}`].sort(),
      );
      expect(await bed.drain()).toMatchObject({ sent: 3 });
      expect(bed.service.messages({ subscription: benPhone.id })).toHaveLength(1);

      expect((await setAlerts(ben, fieldNotes, { alerts: true })).statusCode).toBe(204);
      expect(await muted(ben)).toEqual([]);
      await bed.change(anaClient, fieldNotes, 'alerts back on');
      expect(await jobTargets()).toEqual(
        [`${laptopId} ${fieldNotes}`, `${phoneId} ${fieldNotes}`].sort(),
      );
    });

    it('a mute goes with the session on sign-out', async () => {
      await bed.subscribe(ben);
      expect((await setAlerts(ben, fieldNotes, { alerts: false })).statusCode).toBe(204);
      expect((await setAlerts(ben, labBook, { alerts: false })).statusCode).toBe(204);
      expect(await storedMutes()).toHaveLength(2);
      const signOut = await bed.api.request({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: ben.headers,
      });
      expect(signOut.statusCode, signOut.body).toBeLessThan(300);
      expect(await storedMutes()).toEqual([]);
    });

    it('a non-member gets 404 and nothing is stored', async () => {
      const cy = await bed.api.signUp(undefined, 'Cy');
      await bed.subscribe(cy);
      for (const notebookId of [fieldNotes, randomUUID()]) {
        const response = await setAlerts(cy, notebookId, { alerts: false });
        expect(response.statusCode, response.body).toBe(404);
        assertErrorBody(response.json());
      }
      expect(await storedMutes()).toEqual([]);
      expect(await muted(cy)).toEqual([]);
    });

    it('bad ids and bodies get 400 and nothing is stored; signed out gets 401', async () => {
      for (const [notebookId, payload] of [
        ['not-a-uuid', { alerts: false }],
        [fieldNotes, { alerts: 'off' }],
        [fieldNotes, {}],
        [fieldNotes, { alerts: false, extra: 1 }],
      ] as const) {
        const response = await setAlerts(ben, notebookId, payload);
        expect(response.statusCode, response.body).toBe(400);
        assertErrorBody(response.json());
      }
      expect(await storedMutes()).toEqual([]);
      const signedOut = await bed.api.request({ method: 'GET', url: '/api/push/notebooks' });
      expect(signedOut.statusCode).toBe(401);
    });
  });
}
