// Members and invite links through the API, on SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import {
  acceptInviteResponseSchema,
  createInviteResponseSchema,
  invitePreviewSchema,
  invitesResponseSchema,
  membersResponseSchema,
  type CreateInviteResponse,
} from '../../src/protocol/notebooks.js';
import type { ServerEvent } from '../events/EventBus.js';
import { hashToken } from '../auth/tokens.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

/** Every table a member or invite call may change, for before/after comparisons. */
async function membershipState(api: ApiHarness) {
  const { db } = api.database;
  return {
    notebooks: await db.selectFrom('notebooks').selectAll().orderBy('id').execute(),
    memberships: await db
      .selectFrom('memberships')
      .selectAll()
      .orderBy('notebook_id')
      .orderBy('user_id')
      .execute(),
    invites: await db.selectFrom('invites').selectAll().orderBy('id').execute(),
  };
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`notebook members and invites on ${kind}`, () => {
    let api: ApiHarness;
    let events: ServerEvent[];
    let owner: TestUser;
    /** randomUUID()'s type, which TestSyncClient's helpers expect. */
    let notebookId: ReturnType<typeof randomUUID>;

    // The flows each get a fresh database; the bad-input table shares one (it changes nothing).
    async function open() {
      api = await openApiHarness(kind);
      events = [];
      api.events.subscribe((event) => events.push(event));
      owner = await api.signUp('owner@example.org', 'Olive');
      notebookId = randomUUID();
      await new TestSyncClient(api, owner).push([notebookCreate(notebookId, 'Tide pools')]);
      events.length = 0;
    }
    const close = () => api.close();

    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      who: TestUser | undefined,
      payload?: unknown,
    ) =>
      api.request({
        method,
        url,
        headers: who?.headers ?? { origin: APP_ORIGIN },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    async function invite(
      body: Record<string, unknown> = { role: 'editor' },
      id = notebookId,
    ): Promise<CreateInviteResponse> {
      const response = await call('POST', `/api/notebooks/${id}/invites`, owner, body);
      expect(response.statusCode, response.body).toBe(201);
      return createInviteResponseSchema.parse(response.json());
    }

    async function join(role: 'editor' | 'viewer', name?: string): Promise<TestUser> {
      const user = await api.signUp(undefined, name);
      const { token } = await invite({ role });
      const response = await call('POST', `/api/invites/${token}/accept`, user);
      expect(response.statusCode, response.body).toBe(200);
      return user;
    }

    const members = async (who: TestUser) =>
      membersResponseSchema.parse(
        (await call('GET', `/api/notebooks/${notebookId}/members`, who)).json(),
      ).members;

    describe('flows', () => {
      beforeEach(open);
      afterEach(close);

      it('invites by link: the owner shares it, a teammate previews and joins', async () => {
        const created = await invite({ role: 'editor', expiresInHours: 2, maxUses: 3 });
        expect(created.url).toBe(`/join/${created.token}`);
        expect(created.token).toMatch(/^[\w-]{43}$/);
        expect(created.invite).toMatchObject({ role: 'editor', maxUses: 3, uses: 0 });
        expect(created.invite.expiresAt - created.invite.createdAt).toBe(2 * 60 * 60 * 1000);
        const [stored] = await api.database.db.selectFrom('invites').selectAll().execute();
        expect(stored!.token_hash).toBe(hashToken(created.token));
        expect(JSON.stringify(stored)).not.toContain(created.token);

        const bo = await api.signUp('bo@example.org', 'Bo');
        const preview = await call('GET', `/api/invites/${created.token}`, bo);
        expect(preview.statusCode).toBe(200);
        expect(invitePreviewSchema.parse(preview.json())).toEqual({
          notebookId,
          notebookName: 'Tide pools',
          role: 'editor',
          invitedBy: 'Olive',
          expiresAt: created.invite.expiresAt,
          alreadyMember: false,
        });

        const accepted = await call('POST', `/api/invites/${created.token}/accept`, bo);
        expect(accepted.statusCode).toBe(200);
        expect(acceptInviteResponseSchema.parse(accepted.json())).toEqual({
          notebookId,
          role: 'editor',
          joined: true,
        });
        expect(events).toEqual([
          { type: 'membership', notebookId, userId: bo.user.id, change: 'added' },
        ]);
        expect((await members(bo)).map(({ name, email, role }) => ({ name, email, role }))).toEqual(
          [
            { name: 'Olive', email: 'owner@example.org', role: 'owner' },
            { name: 'Bo', email: 'bo@example.org', role: 'editor' },
          ],
        );
        const again = await call('GET', `/api/invites/${created.token}`, bo);
        expect(again.json()).toMatchObject({ alreadyMember: true });

        // The new member's next pull brings the notebook.
        const pull = await new TestSyncClient(api, bo).pullOnce();
        expect(pull.notebooks).toEqual([
          expect.objectContaining({ id: notebookId, role: 'editor' }),
        ]);
      });

      it('accepting again as a member takes no use and never downgrades', async () => {
        const editor = await join('editor');
        const { token, invite: viewerInvite } = await invite({ role: 'viewer', maxUses: 1 });
        for (const who of [owner, editor]) {
          const response = await call('POST', `/api/invites/${token}/accept`, who, {});
          expect(response.statusCode).toBe(200);
          expect(response.json()).toEqual({
            notebookId,
            role: who === owner ? 'owner' : 'editor',
            joined: false,
          });
        }
        const row = await api.database.db
          .selectFrom('invites')
          .select('uses')
          .where('id', '=', viewerInvite.id)
          .executeTakeFirstOrThrow();
        expect(Number(row.uses)).toBe(0);
        expect(events.filter((event) => event.type === 'membership')).toHaveLength(1);
      });

      it('concurrent accepts never let in more people than maxUses', async () => {
        const { token, invite: created } = await invite({ role: 'viewer', maxUses: 3 });
        const people = await Promise.all(Array.from({ length: 8 }, () => api.signUp()));
        const answers = await Promise.all(
          people.map((who) => call('POST', `/api/invites/${token}/accept`, who)),
        );
        const statuses = answers.map((answer) => answer.statusCode).sort();
        expect(statuses).toEqual([200, 200, 200, 404, 404, 404, 404, 404]);
        for (const answer of answers.filter((a) => a.statusCode === 404)) {
          expect(answer.json()).toMatchObject({ error: { code: 'invite-invalid' } });
        }
        const row = await api.database.db
          .selectFrom('invites')
          .select('uses')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        expect(Number(row.uses)).toBe(3);
        expect(await members(owner)).toHaveLength(4);
      });

      it('one person accepting twice at once joins once and takes one use', async () => {
        const { token, invite: created } = await invite({ role: 'viewer', maxUses: 5 });
        const bo = await api.signUp();
        const answers = await Promise.all(
          Array.from({ length: 4 }, () => call('POST', `/api/invites/${token}/accept`, bo)),
        );
        expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
        expect(answers.filter((answer) => answer.json().joined)).toHaveLength(1);
        const row = await api.database.db
          .selectFrom('invites')
          .select('uses')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        expect(Number(row.uses)).toBe(1);
      });

      it('refuses invalid, expired, revoked and used-up links the same way', async () => {
        const bo = await api.signUp();
        const expired = await invite({ role: 'viewer' });
        await api.database.db
          .updateTable('invites')
          .set({ expires_at: Date.now() - 1 })
          .where('id', '=', expired.invite.id)
          .execute();
        const revoked = await invite({ role: 'viewer' });
        const revoke = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/invites/${revoked.invite.id}`,
          owner,
        );
        expect(revoke.statusCode).toBe(204);
        const usedUp = await invite({ role: 'viewer', maxUses: 1 });
        const first = await api.signUp();
        expect((await call('POST', `/api/invites/${usedUp.token}/accept`, first)).statusCode).toBe(
          200,
        );
        const tokens = {
          unknown: 'A'.repeat(43),
          truncated: expired.token.slice(0, 20),
          expired: expired.token,
          revoked: revoked.token,
          usedUp: usedUp.token,
        };
        const before = await membershipState(api);
        for (const [what, token] of Object.entries(tokens)) {
          for (const method of ['GET', 'POST'] as const) {
            const url = method === 'GET' ? `/api/invites/${token}` : `/api/invites/${token}/accept`;
            const response = await call(method, url, bo);
            expect(response.statusCode, `${what} ${method}`).toBe(404);
            const body = response.json();
            assertErrorBody(body);
            expect(body.error.code).toBe('invite-invalid');
            expect(body.error.message).toMatch(/invalid or has expired/);
          }
        }
        expect(await membershipState(api)).toEqual(before);
      });

      it('invites stop working when their notebook is deleted', async () => {
        const { token } = await invite({ role: 'viewer' });
        const editor = await join('editor');
        const deleted = await new TestSyncClient(api, owner).push([
          { name: 'notebook.delete', args: { id: notebookId } },
        ]);
        expect(deleted.rejected).toBe(0);
        const bo = await api.signUp();
        expect((await call('GET', `/api/invites/${token}`, bo)).statusCode).toBe(404);
        expect((await call('POST', `/api/invites/${token}/accept`, bo)).statusCode).toBe(404);
        for (const who of [owner, editor]) {
          const response = await call('GET', `/api/notebooks/${notebookId}/members`, who);
          expect(response.statusCode).toBe(404);
          expect(response.json()).toMatchObject({ error: { code: 'notebook-not-found' } });
        }
        const refused = await call('POST', `/api/notebooks/${notebookId}/invites`, owner, {
          role: 'viewer',
        });
        expect(refused.statusCode).toBe(404);
      });

      it('lists and revokes invites for the owner only, never showing tokens', async () => {
        const one = await invite({ role: 'viewer' });
        const two = await invite({ role: 'editor', maxUses: 1 });
        const editor = await join('editor');
        const list = await call('GET', `/api/notebooks/${notebookId}/invites`, owner);
        expect(list.statusCode).toBe(200);
        const { invites } = invitesResponseSchema.parse(list.json());
        expect(invites.map((i) => i.id)).toEqual(
          expect.arrayContaining([one.invite.id, two.invite.id]),
        );
        expect(invites).toHaveLength(3);
        for (const token of [one.token, two.token]) expect(list.body).not.toContain(token);

        expect((await call('GET', `/api/notebooks/${notebookId}/invites`, editor)).statusCode).toBe(
          403,
        );
        const before = await membershipState(api);
        const refused = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/invites/${one.invite.id}`,
          editor,
        );
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ error: { code: 'owner-only' } });
        expect(await membershipState(api)).toEqual(before);

        const url = `/api/notebooks/${notebookId}/invites/${one.invite.id}`;
        expect((await call('DELETE', url, owner)).statusCode).toBe(204);
        const revokedAt = await api.database.db
          .selectFrom('invites')
          .select('revoked_at')
          .where('id', '=', one.invite.id)
          .executeTakeFirstOrThrow();
        expect(revokedAt.revoked_at).not.toBeNull();
        expect((await call('DELETE', url, owner)).statusCode).toBe(204);
        const after = invitesResponseSchema.parse(
          (await call('GET', `/api/notebooks/${notebookId}/invites`, owner)).json(),
        ).invites;
        expect(after.find((i) => i.id === one.invite.id)).toMatchObject({
          status: 'revoked',
          revokedAt: Number(revokedAt.revoked_at),
        });
        const unknown = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/invites/${randomUUID()}`,
          owner,
        );
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ error: { code: 'invite-not-found' } });
      });

      it('an invite of one notebook cannot be revoked through another', async () => {
        const other = randomUUID();
        await new TestSyncClient(api, owner).push([notebookCreate(other)]);
        const { invite: created } = await invite({ role: 'viewer' });
        const response = await call(
          'DELETE',
          `/api/notebooks/${other}/invites/${created.id}`,
          owner,
        );
        expect(response.statusCode).toBe(404);
        const row = await api.database.db
          .selectFrom('invites')
          .select('revoked_at')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        expect(row.revoked_at).toBeNull();
      });

      it('caps the usable invites of one notebook', async () => {
        const now = Date.now();
        await api.database.db
          .insertInto('invites')
          .values(
            Array.from({ length: 100 }, (_, i) => ({
              id: randomUUID(),
              token_hash: `hash-${i}`,
              notebook_id: notebookId,
              role: 'viewer' as const,
              created_by: owner.user.id,
              created_at: now,
              expires_at: now + 60_000,
              max_uses: 1,
            })),
          )
          .execute();
        const response = await call('POST', `/api/notebooks/${notebookId}/invites`, owner, {
          role: 'viewer',
        });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ error: { code: 'too-many-invites' } });
        await api.database.db
          .updateTable('invites')
          .set({ revoked_at: now })
          .where('token_hash', '=', 'hash-0')
          .execute();
        expect(
          (await call('POST', `/api/notebooks/${notebookId}/invites`, owner, { role: 'viewer' }))
            .statusCode,
        ).toBe(201);
      });

      it('the owner changes roles; nobody else can, and the owner’s is fixed', async () => {
        const editor = await join('editor', 'Ed');
        const viewer = await join('viewer', 'Vi');
        events.length = 0;
        const url = `/api/notebooks/${notebookId}/members/${editor.user.id}`;
        const changed = await call('PATCH', url, owner, { role: 'viewer' });
        expect(changed.statusCode).toBe(200);
        expect(changed.json()).toMatchObject({
          member: { userId: editor.user.id, name: 'Ed', role: 'viewer' },
        });
        expect(events).toEqual([
          { type: 'membership', notebookId, userId: editor.user.id, change: 'role-changed' },
        ]);
        // The same role again is no change and no event.
        expect((await call('PATCH', url, owner, { role: 'viewer' })).statusCode).toBe(200);
        expect(events).toHaveLength(1);

        const outsider = await api.signUp();
        const before = await membershipState(api);
        const refusals: [TestUser, string, unknown, number, string][] = [
          [viewer, url, { role: 'editor' }, 403, 'owner-only'],
          [
            editor,
            `/api/notebooks/${notebookId}/members/${viewer.user.id}`,
            { role: 'editor' },
            403,
            'owner-only',
          ],
          [outsider, url, { role: 'editor' }, 404, 'notebook-not-found'],
          [
            owner,
            `/api/notebooks/${notebookId}/members/${owner.user.id}`,
            { role: 'editor' },
            409,
            'owner-is-fixed',
          ],
          [
            owner,
            `/api/notebooks/${notebookId}/members/${outsider.user.id}`,
            { role: 'editor' },
            404,
            'member-not-found',
          ],
          [owner, url, { role: 'owner' }, 400, 'invalid-request'],
        ];
        for (const [who, target, body, status, code] of refusals) {
          const response = await call('PATCH', target, who, body);
          expect(response.statusCode, `${code} ${response.body}`).toBe(status);
          expect(response.json()).toMatchObject({ error: { code } });
        }
        expect(await membershipState(api)).toEqual(before);
        expect(events).toHaveLength(1);
        const ownerFixed = await call(
          'PATCH',
          `/api/notebooks/${notebookId}/members/${owner.user.id}`,
          owner,
          { role: 'viewer' },
        );
        expect(ownerFixed.json().error.message).toMatch(/owner’s role cannot be changed/);
      });

      it('members leave, the owner removes them, and the notebook leaves their next pull', async () => {
        const editor = await join('editor');
        const viewer = await join('viewer');
        const viewerSync = new TestSyncClient(api, viewer);
        const editorSync = new TestSyncClient(api, editor);
        await new TestSyncClient(api, owner).push([entryPut(notebookId, { title: 'Kelp' })]);
        expect((await viewerSync.pullOnce()).notebooks.map((n) => n.id)).toEqual([notebookId]);
        expect((await editorSync.pullOnce()).notebooks.map((n) => n.id)).toEqual([notebookId]);
        events.length = 0;

        const before = await membershipState(api);
        const refusals: [TestUser, string, number, string][] = [
          [viewer, editor.user.id, 403, 'owner-only'],
          [editor, viewer.user.id, 403, 'owner-only'],
          [owner, owner.user.id, 409, 'owner-is-fixed'],
          [owner, randomUUID(), 404, 'member-not-found'],
          [await api.signUp(), viewer.user.id, 404, 'notebook-not-found'],
        ];
        for (const [who, userId, status, code] of refusals) {
          const response = await call(
            'DELETE',
            `/api/notebooks/${notebookId}/members/${userId}`,
            who,
          );
          expect(response.statusCode, response.body).toBe(status);
          expect(response.json()).toMatchObject({ error: { code } });
        }
        expect(await membershipState(api)).toEqual(before);
        const ownerLeaves = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/members/${owner.user.id}`,
          owner,
        );
        expect(ownerLeaves.json().error.message).toMatch(
          /transfer or delete the notebook instead/i,
        );

        const leave = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/members/${viewer.user.id}`,
          viewer,
        );
        expect(leave.statusCode).toBe(204);
        const remove = await call(
          'DELETE',
          `/api/notebooks/${notebookId}/members/${editor.user.id}`,
          owner,
        );
        expect(remove.statusCode).toBe(204);
        expect(events).toEqual([
          { type: 'membership', notebookId, userId: viewer.user.id, change: 'removed' },
          { type: 'membership', notebookId, userId: editor.user.id, change: 'removed' },
        ]);
        expect((await members(owner)).map((m) => m.userId)).toEqual([owner.user.id]);

        for (const client of [viewerSync, editorSync]) {
          const pull = await client.pullOnce();
          expect(pull.notebooks).toEqual([]);
          expect(pull.removedNotebooks).toEqual([notebookId]);
          expect(pull.changes).toEqual([]);
        }
        // A removed editor can no longer write, and cannot see the members.
        const push = await editorSync.push([entryPut(notebookId, { title: 'Still here?' })]);
        expect(push.rejections).toEqual([expect.objectContaining({ code: 'not-found' })]);
        expect((await call('GET', `/api/notebooks/${notebookId}/members`, editor)).statusCode).toBe(
          404,
        );
      });

      it('refuses a cookie-authenticated change from another site', async () => {
        const { token } = await invite({ role: 'viewer' });
        const bo = await api.signUp();
        const before = await membershipState(api);
        for (const headers of [
          { cookie: bo.cookie },
          { cookie: bo.cookie, origin: 'https://evil.example' },
        ]) {
          const response = await api.request({
            method: 'POST',
            url: `/api/invites/${token}/accept`,
            headers,
          });
          expect(response.statusCode).toBe(403);
        }
        expect(await membershipState(api)).toEqual(before);
      });
    });

    describe('refuses bad input with a 4xx and changes nothing', () => {
      type Case = [string, 'GET' | 'POST' | 'PATCH' | 'DELETE', () => string, unknown];
      const raw = (body: string) => ({ raw: body });
      const cases: Case[] = [
        ['non-UUID notebook id', 'GET', () => '/api/notebooks/nope/members', undefined],
        ['unknown notebook', 'GET', () => `/api/notebooks/${randomUUID()}/members`, undefined],
        [
          'non-UUID user id',
          'PATCH',
          () => `/api/notebooks/${notebookId}/members/42`,
          { role: 'viewer' },
        ],
        [
          'unknown member',
          'DELETE',
          () => `/api/notebooks/${notebookId}/members/${randomUUID()}`,
          undefined,
        ],
        ['malformed JSON', 'POST', () => `/api/notebooks/${notebookId}/invites`, raw('{"role":')],
        ['empty JSON body', 'POST', () => `/api/notebooks/${notebookId}/invites`, raw('')],
        ['JSON null', 'POST', () => `/api/notebooks/${notebookId}/invites`, raw('null')],
        ['JSON array', 'POST', () => `/api/notebooks/${notebookId}/invites`, raw('[]')],
        ['missing role', 'POST', () => `/api/notebooks/${notebookId}/invites`, {}],
        ['owner role', 'POST', () => `/api/notebooks/${notebookId}/invites`, { role: 'owner' }],
        ['wrong type', 'POST', () => `/api/notebooks/${notebookId}/invites`, { role: 1 }],
        [
          'string hours',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', expiresInHours: '5' },
        ],
        [
          'zero hours',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', expiresInHours: 0 },
        ],
        [
          'too many hours',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', expiresInHours: 721 },
        ],
        [
          'fractional hours',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', expiresInHours: 1.5 },
        ],
        [
          'huge uses',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', maxUses: 1e308 },
        ],
        [
          'zero uses',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', maxUses: 0 },
        ],
        [
          'unknown field',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', admin: true },
        ],
        ['non-UUID invite id', 'DELETE', () => `/api/notebooks/${notebookId}/invites/x`, undefined],
        [
          'unknown invite',
          'DELETE',
          () => `/api/notebooks/${notebookId}/invites/${randomUUID()}`,
          undefined,
        ],
        ['oversize token', 'GET', () => `/api/invites/${'a'.repeat(500)}`, undefined],
        [
          'oversize token accept',
          'POST',
          () => `/api/invites/${'a'.repeat(500)}/accept`,
          undefined,
        ],
        [
          'accept with a body',
          'POST',
          () => `/api/invites/${'a'.repeat(43)}/accept`,
          { role: 'owner' },
        ],
        [
          'role change without body',
          'PATCH',
          () => `/api/notebooks/${notebookId}/members/${randomUUID()}`,
          undefined,
        ],
        [
          'role change to nonsense',
          'PATCH',
          () => `/api/notebooks/${notebookId}/members/${randomUUID()}`,
          { role: 'admin' },
        ],
        [
          'role change with extra',
          'PATCH',
          () => `/api/notebooks/${notebookId}/members/${randomUUID()}`,
          { role: 'viewer', x: 1 },
        ],
        [
          'oversize body',
          'POST',
          () => `/api/notebooks/${notebookId}/invites`,
          { role: 'viewer', pad: 'x'.repeat(2 * 1024 * 1024) },
        ],
      ];
      let member: TestUser;
      beforeAll(async () => {
        await open();
        member = await join('viewer');
        await invite({ role: 'viewer' });
      });
      afterAll(close);

      it.each(cases)('%s', async (_, method, url, payload) => {
        const before = await membershipState(api);
        events.length = 0;
        for (const who of [owner, member]) {
          const isRaw = typeof payload === 'object' && payload !== null && 'raw' in payload;
          const response = await api.request({
            method,
            url: url(),
            headers: who.headers,
            ...(payload === undefined
              ? {}
              : {
                  headers: { ...who.headers, 'content-type': 'application/json' },
                  payload: isRaw ? (payload as { raw: string }).raw : JSON.stringify(payload),
                }),
          });
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, response.body).toBeLessThan(500);
          assertErrorBody(response.json());
        }
        expect(await membershipState(api)).toEqual(before);
        expect(events).toEqual([]);
      });
    });
  });
}
