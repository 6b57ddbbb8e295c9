// Who may do what: every route of the API, called by a notebook's owner, an editor, a viewer, a
// signed-in non-member and a signed-out caller, with exactly the answer each must get. Wherever
// a call is refused (or only reads), the stored state must be exactly as before; wherever it is
// allowed to change something, it must.
//
// Each case gets a fresh notebook (one entry with some history, an editor and a viewer who joined
// by invite links, and one spare invite), made through the API by the same five people. A route
// added to the server without a row here fails the coverage test at the bottom.
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import type { CreateInviteResponse } from '../../src/protocol/notebooks.js';
import type { PullResponse, PushResponse } from '../../src/protocol/sync.js';
import { issuePasswordReset } from '../auth/passwordResets.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

const PASSWORD = 'correct horse battery';
const ACTORS = ['owner', 'editor', 'viewer', 'outsider', 'signedOut'] as const;
type Actor = (typeof ACTORS)[number];
type Person = Exclude<Actor, 'signedOut'>;

/**
 * What a call must answer: an HTTP status, or for a push (always 200 once signed in) whether its
 * one mutation was applied or rejected with the given code.
 */
type Outcome = number | 'applied' | `rejected:${string}`;

interface Team {
  notebookId: ReturnType<typeof randomUUID>;
  entryId: string;
  /** The entry's current version (a put based on it is no conflict). */
  entryVersion: number;
  /** A spare viewer invite. */
  inviteId: string;
  token: string;
}

interface CaseContext {
  api: ApiHarness;
  team: Team;
  actor: Actor;
  people: Record<Person, TestUser>;
  /** The id of the person playing `actor` (signed-out callers act on the viewer). */
  self: string;
  /** The credentials `call` sends: the actor's own unless `prepare` replaced them. */
  headers: Record<string, string>;
  /** Calls the API as `actor`. */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
}

interface RouteCase {
  /** The route exactly as Fastify has it, e.g. `GET /api/notebooks/:notebookId/members`. */
  route: string;
  /** Distinguishes several cases of one route. */
  variant?: string;
  expect: Record<Actor, Outcome>;
  /** Runs before the state is recorded (e.g. to sign in a spare session). */
  prepare?(context: CaseContext): Promise<void>;
  run(context: CaseContext): Promise<LightMyRequestResponse>;
  /** A 2xx that never changes stored state (reads, and POSTs that only read). */
  readOnly?: boolean;
  /** Actors whose 2xx changes nothing (e.g. accepting an invite as a member already). */
  noChangeFor?: Actor[];
  /** Further checks on an answer that had the expected status. */
  check?(response: LightMyRequestResponse, context: CaseContext): void | Promise<void>;
}

const allSignedIn = (outcome: Outcome): Record<Actor, Outcome> => ({
  owner: outcome,
  editor: outcome,
  viewer: outcome,
  outsider: outcome,
  signedOut: 401,
});
const membersOnly = (outcome: Outcome): Record<Actor, Outcome> => ({
  owner: outcome,
  editor: outcome,
  viewer: outcome,
  outsider: 404,
  signedOut: 401,
});
const ownerOnly = (outcome: Outcome): Record<Actor, Outcome> => ({
  owner: outcome,
  editor: 403,
  viewer: 403,
  outsider: 404,
  signedOut: 401,
});
/** A mutation the owner may make and an editor may not. */
const ownerMutation: Record<Actor, Outcome> = {
  owner: 'applied',
  editor: 'rejected:forbidden',
  viewer: 'rejected:forbidden',
  outsider: 'rejected:not-found',
  signedOut: 401,
};
/** A mutation every writer (owner, editor) may make. */
const writerMutation: Record<Actor, Outcome> = {
  owner: 'applied',
  editor: 'applied',
  viewer: 'rejected:forbidden',
  outsider: 'rejected:not-found',
  signedOut: 401,
};

function push(context: CaseContext, name: string, args: unknown) {
  return context.call({
    method: 'POST',
    url: '/api/sync/push',
    payload: { clientId: randomUUID(), mutations: [{ id: 1, name, args }] },
  });
}

/** Reads an SSE response until `done` holds for what arrived (or 5 s pass), then hangs up. */
async function readEvents(
  response: LightMyRequestResponse,
  done: (text: string) => boolean,
): Promise<string> {
  const stream = response.stream();
  let text = '';
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (done(text)) {
          clearTimeout(timer);
          // Frames written in the same tick are already buffered: let them arrive too.
          setTimeout(resolve, 20);
        }
      });
      stream.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    stream.destroy();
  }
  return text;
}

/** The token a password-reset case's `prepare` issued for its `run`. */
let resetToken = '';

const cases: RouteCase[] = [
  {
    route: 'GET /api/health',
    expect: { owner: 200, editor: 200, viewer: 200, outsider: 200, signedOut: 200 },
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/health' }),
  },
  {
    route: 'POST /api/auth/sign-up',
    // Public: anyone may make another account; it gives no access to anything.
    expect: { owner: 201, editor: 201, viewer: 201, outsider: 201, signedOut: 201 },
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/sign-up',
        payload: { email: `new-${randomUUID()}@example.org`, password: PASSWORD },
      }),
  },
  {
    route: 'POST /api/auth/sign-in',
    expect: { owner: 200, editor: 200, viewer: 200, outsider: 200, signedOut: 200 },
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: {
          email: c.people[c.actor === 'signedOut' ? 'viewer' : c.actor].user.email,
          password: PASSWORD,
        },
      }),
  },
  {
    route: 'POST /api/auth/tokens',
    expect: { owner: 201, editor: 201, viewer: 201, outsider: 201, signedOut: 201 },
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: {
          email: c.people[c.actor === 'signedOut' ? 'viewer' : c.actor].user.email,
          password: PASSWORD,
        },
      }),
  },
  {
    route: 'POST /api/auth/password-reset',
    // Public, and the same answer for every address; without SMTP nothing is stored or sent.
    expect: { owner: 202, editor: 202, viewer: 202, outsider: 202, signedOut: 202 },
    readOnly: true,
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { email: c.people[c.actor === 'signedOut' ? 'viewer' : c.actor].user.email },
      }),
    check: (response) => expect(response.json()).toEqual({ mail: false }),
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    variant: 'valid link of a spare account',
    // The link is the authority: whoever holds it sets that account's password, and no other.
    expect: { owner: 200, editor: 200, viewer: 200, outsider: 200, signedOut: 200 },
    async prepare(c) {
      const spare = await c.api.signUp();
      const issued = await issuePasswordReset(c.api.database, spare.user.email, 60_000);
      resetToken = issued!.token;
    },
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token: resetToken, newPassword: 'a brand new passphrase' },
      }),
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    variant: 'unknown link',
    expect: { owner: 400, editor: 400, viewer: 400, outsider: 400, signedOut: 400 },
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token: 'A'.repeat(43), newPassword: 'a brand new passphrase' },
      }),
  },
  {
    route: 'GET /api/auth/me',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/auth/me' }),
    check: (response, c) => expect(response.json()).toMatchObject({ user: { id: c.self } }),
  },
  {
    route: 'GET /api/auth/session',
    // The start-up probe: anyone may ask; a signed-out caller learns only that nobody is.
    expect: { owner: 200, editor: 200, viewer: 200, outsider: 200, signedOut: 200 },
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/auth/session' }),
    check: (response, c) =>
      expect(response.json()).toMatchObject(
        c.actor === 'signedOut' ? { user: null, session: null } : { user: { id: c.self } },
      ),
  },
  {
    route: 'GET /api/auth/sessions',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/auth/sessions' }),
  },
  {
    route: 'POST /api/auth/sign-out',
    expect: allSignedIn(204),
    async prepare(c) {
      if (c.actor === 'signedOut') return;
      // A second session of the actor's, so the one the other cases use survives.
      const session = await c.api.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '10.255.255.255',
        headers: { origin: APP_ORIGIN },
        payload: { email: c.people[c.actor].user.email, password: PASSWORD },
      });
      const cookie = String(session.headers['set-cookie']).split(';')[0]!;
      c.headers = { cookie, origin: APP_ORIGIN };
    },
    run: (c) => c.call({ method: 'POST', url: '/api/auth/sign-out' }),
  },
  {
    route: 'POST /api/auth/sign-out-others',
    expect: allSignedIn(200),
    prepare: spareSession,
    run: (c) => c.call({ method: 'POST', url: '/api/auth/sign-out-others' }),
    // The spare session, and any another case left signed in.
    check: (response) =>
      expect((response.json() as { signedOut: number }).signedOut).toBeGreaterThanOrEqual(1),
  },
  {
    route: 'POST /api/auth/password',
    expect: allSignedIn(200),
    prepare: spareSession,
    // The same password again: the hash (new salt) changes, and the other cases still sign in.
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: PASSWORD, newPassword: PASSWORD },
      }),
    // The spare session, and any another case left signed in.
    check: (response) =>
      expect((response.json() as { signedOut: number }).signedOut).toBeGreaterThanOrEqual(1),
  },
  {
    route: 'DELETE /api/auth/sessions/:id',
    variant: "someone else's session",
    expect: allSignedIn(404),
    async run(c) {
      const { id } = await c.api.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', c.people.owner.user.id)
        .orderBy('created_at')
        .executeTakeFirstOrThrow();
      // The owner's session is someone else's for everyone but the owner, who revokes a
      // colleague's instead.
      const target =
        c.actor === 'owner'
          ? (
              await c.api.database.db
                .selectFrom('sessions')
                .select('id')
                .where('user_id', '=', c.people.viewer.user.id)
                .executeTakeFirstOrThrow()
            ).id
          : id;
      return c.call({ method: 'DELETE', url: `/api/auth/sessions/${target}` });
    },
  },
  {
    route: 'GET /api/events',
    expect: allSignedIn(200),
    readOnly: true,
    // A refusal is read whole; an open stream is read as it comes.
    run: (c) =>
      c.call({ method: 'GET', url: '/api/events', payloadAsStream: c.actor !== 'signedOut' }),
    async check(response, c) {
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      // Everyone here is a member of some notebook, so every stream starts with pokes; the
      // outsider's must never name this one.
      const text = await readEvents(response, (t) => /event: poke/.test(t));
      expect(text).toMatch(/event: poke/);
      if (c.actor === 'outsider') expect(text).not.toContain(c.team.notebookId);
      else expect(text).toContain(c.team.notebookId);
    },
  },
  {
    route: 'GET /api/notebooks/:notebookId/members',
    expect: membersOnly(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: `/api/notebooks/${c.team.notebookId}/members` }),
    check: (response) => expect(response.json().members).toHaveLength(3),
  },
  {
    route: 'PATCH /api/notebooks/:notebookId/members/:userId',
    variant: 'viewer → editor',
    expect: ownerOnly(200),
    run: (c) =>
      c.call({
        method: 'PATCH',
        url: `/api/notebooks/${c.team.notebookId}/members/${c.people.viewer.user.id}`,
        payload: { role: 'editor' },
      }),
  },
  {
    route: 'PATCH /api/notebooks/:notebookId/members/:userId',
    variant: 'own role → viewer',
    expect: { owner: 409, editor: 403, viewer: 403, outsider: 404, signedOut: 401 },
    run: (c) =>
      c.call({
        method: 'PATCH',
        url: `/api/notebooks/${c.team.notebookId}/members/${c.self}`,
        payload: { role: 'viewer' },
      }),
  },
  {
    route: 'DELETE /api/notebooks/:notebookId/members/:userId',
    variant: 'remove someone else',
    expect: ownerOnly(204),
    run: (c) =>
      c.call({
        method: 'DELETE',
        url: `/api/notebooks/${c.team.notebookId}/members/${
          c.people[c.actor === 'viewer' ? 'editor' : 'viewer'].user.id
        }`,
      }),
  },
  {
    route: 'DELETE /api/notebooks/:notebookId/members/:userId',
    variant: 'leave',
    expect: { owner: 409, editor: 204, viewer: 204, outsider: 404, signedOut: 401 },
    run: (c) =>
      c.call({ method: 'DELETE', url: `/api/notebooks/${c.team.notebookId}/members/${c.self}` }),
  },
  {
    route: 'POST /api/notebooks/:notebookId/invites',
    expect: ownerOnly(201),
    run: (c) =>
      c.call({
        method: 'POST',
        url: `/api/notebooks/${c.team.notebookId}/invites`,
        payload: { role: 'editor' },
      }),
  },
  {
    route: 'GET /api/notebooks/:notebookId/invites',
    expect: ownerOnly(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: `/api/notebooks/${c.team.notebookId}/invites` }),
  },
  {
    route: 'DELETE /api/notebooks/:notebookId/invites/:inviteId',
    expect: ownerOnly(204),
    run: (c) =>
      c.call({
        method: 'DELETE',
        url: `/api/notebooks/${c.team.notebookId}/invites/${c.team.inviteId}`,
      }),
  },
  {
    route: 'GET /api/invites/:token',
    // An invite link is for people outside the notebook: any signed-in holder may look.
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: `/api/invites/${c.team.token}` }),
    check: (response, c) =>
      expect(response.json()).toMatchObject({ alreadyMember: c.actor !== 'outsider' }),
  },
  {
    route: 'POST /api/invites/:token/accept',
    expect: allSignedIn(200),
    noChangeFor: ['owner', 'editor', 'viewer'],
    run: (c) => c.call({ method: 'POST', url: `/api/invites/${c.team.token}/accept` }),
    check(response, c) {
      const role = { owner: 'owner', editor: 'editor', viewer: 'viewer', outsider: 'viewer' };
      expect(response.json()).toEqual({
        notebookId: c.team.notebookId,
        role: role[c.actor as Person],
        joined: c.actor === 'outsider',
      });
    },
  },
  {
    route: 'POST /api/sync/push',
    variant: 'notebook.create with a taken id',
    expect: allSignedIn('rejected:already-exists'),
    run: (c) => push(c, 'notebook.create', { id: c.team.notebookId, name: 'Mine now' }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'notebook.rename',
    expect: ownerMutation,
    run: (c) => push(c, 'notebook.rename', { id: c.team.notebookId, name: 'Renamed' }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'notebook.delete',
    expect: ownerMutation,
    run: (c) => push(c, 'notebook.delete', { id: c.team.notebookId }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'entry.put (new entry)',
    expect: writerMutation,
    run: (c) =>
      push(c, 'entry.put', {
        id: randomUUID(),
        notebookId: c.team.notebookId,
        baseVersion: 0,
        fields: { title: 't' },
      }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'entry.put (existing entry)',
    expect: writerMutation,
    run: (c) =>
      push(c, 'entry.put', {
        id: c.team.entryId,
        notebookId: c.team.notebookId,
        baseVersion: c.team.entryVersion,
        fields: { title: 'overwritten' },
      }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'entry.delete',
    expect: writerMutation,
    run: (c) => push(c, 'entry.delete', { id: c.team.entryId, notebookId: c.team.notebookId }),
  },
  {
    route: 'POST /api/sync/push',
    variant: 'entry.resolve (no conflict)',
    expect: {
      ...writerMutation,
      owner: 'rejected:not-conflicted',
      editor: 'rejected:not-conflicted',
    },
    run: (c) =>
      push(c, 'entry.resolve', {
        id: c.team.entryId,
        notebookId: c.team.notebookId,
        keep: 'mine',
      }),
  },
  {
    route: 'POST /api/sync/pull',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) =>
      c.call({
        method: 'POST',
        url: '/api/sync/pull',
        // Everyone claims to have the notebook already, the outsider included.
        payload: {
          clientId: randomUUID(),
          cursors: { [c.team.notebookId]: { version: 0, horizon: 0 } },
        },
      }),
    check(response, c) {
      const pull = response.json() as PullResponse;
      const { notebookId } = c.team;
      const listed = pull.notebooks.some((notebook) => notebook.id === notebookId);
      const changed = pull.changes.some((change) => change.notebookId === notebookId);
      const member = c.actor !== 'outsider';
      expect(listed).toBe(member);
      expect(changed).toBe(member);
      expect(pull.removedNotebooks.includes(notebookId)).toBe(!member);
      if (!member) expect(response.body).not.toContain(c.team.entryId);
    },
  },
  {
    route: 'POST /api/sync/push',
    variant: 'entry.restore (deleted entry)',
    expect: writerMutation,
    async prepare(c) {
      const deleted = await c.api.request({
        method: 'POST',
        url: '/api/sync/push',
        headers: c.people.owner.headers,
        remoteAddress: '10.255.255.253',
        payload: {
          clientId: randomUUID(),
          mutations: [
            {
              id: 1,
              name: 'entry.delete',
              args: { id: c.team.entryId, notebookId: c.team.notebookId },
            },
          ],
        },
      });
      expect(deleted.json()).toMatchObject({ applied: 1, rejected: 0 });
    },
    run: (c) => push(c, 'entry.restore', { id: c.team.entryId, notebookId: c.team.notebookId }),
  },
  {
    route: 'GET /api/notebooks/:notebookId/trash',
    expect: membersOnly(200),
    readOnly: true,
    async prepare(c) {
      const deleted = await c.api.request({
        method: 'POST',
        url: '/api/sync/push',
        headers: c.people.owner.headers,
        remoteAddress: '10.255.255.253',
        payload: {
          clientId: randomUUID(),
          mutations: [
            {
              id: 1,
              name: 'entry.delete',
              args: { id: c.team.entryId, notebookId: c.team.notebookId },
            },
          ],
        },
      });
      expect(deleted.json()).toMatchObject({ applied: 1, rejected: 0 });
    },
    run: (c) => c.call({ method: 'GET', url: `/api/notebooks/${c.team.notebookId}/trash` }),
    check: (response, c) =>
      expect(response.json().items).toEqual([
        expect.objectContaining({
          id: c.team.entryId,
          fields: expect.objectContaining({ title: 'second' }),
        }),
      ]),
  },
  {
    route: 'GET /api/notebooks/:notebookId/entries/:entryId/history',
    expect: membersOnly(200),
    readOnly: true,
    run: (c) =>
      c.call({
        method: 'GET',
        url: `/api/notebooks/${c.team.notebookId}/entries/${c.team.entryId}/history`,
      }),
    check: (response) => expect(response.json().items.length).toBeGreaterThan(0),
  },
  {
    route: 'GET /api/push/key',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/push/key' }),
  },
  {
    route: 'PUT /api/push/subscription',
    expect: allSignedIn(204),
    run: (c) =>
      c.call({
        method: 'PUT',
        url: '/api/push/subscription',
        payload: { subscription: pushSubscription(`${c.actor}-${randomUUID()}`) },
      }),
  },
  {
    route: 'DELETE /api/push/subscription',
    expect: allSignedIn(204),
    // Each signed-in actor deletes their own device's subscription.
    prepare: async (c) => {
      if (c.actor === 'signedOut') return;
      const saved = await c.call({
        method: 'PUT',
        url: '/api/push/subscription',
        payload: { subscription: pushSubscription(`delete-${c.actor}`) },
      });
      expect(saved.statusCode, saved.body).toBe(204);
    },
    run: (c) =>
      c.call({
        method: 'DELETE',
        url: '/api/push/subscription',
        payload: { endpoint: pushEndpoint(`delete-${c.actor}`) },
      }),
  },
  {
    route: 'GET /api/push/notebooks',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/push/notebooks' }),
    check: (response) => expect(response.json()).toEqual({ muted: [] }),
  },
  {
    route: 'PUT /api/push/notebooks/:notebookId',
    // Muting alerts on this device: for the notebook's members only.
    expect: membersOnly(204),
    run: (c) =>
      c.call({
        method: 'PUT',
        url: `/api/push/notebooks/${c.team.notebookId}`,
        payload: { alerts: false },
      }),
  },
  {
    route: 'GET /api/admin/push-stats',
    // Operator-only: with no ADMIN_TOKEN configured the endpoint does not exist for anyone.
    expect: { owner: 404, editor: 404, viewer: 404, outsider: 404, signedOut: 404 },
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/admin/push-stats' }),
  },
  {
    route: 'GET /api/files/limits',
    expect: allSignedIn(200),
    readOnly: true,
    run: (c) => c.call({ method: 'GET', url: '/api/files/limits' }),
  },
  {
    route: 'GET /api/notebooks/:notebookId/attachments/:attachmentId/content',
    // No such attachment: members learn that; an outsider learns nothing of the notebook.
    expect: membersOnly(404),
    readOnly: true,
    run: async (c) => {
      const response = await c.call({
        method: 'GET',
        url: `/api/notebooks/${c.team.notebookId}/attachments/${randomUUID()}/content`,
      });
      if (response.statusCode === 404) {
        const member = c.actor !== 'outsider';
        expect(response.json().error.code === 'attachment-not-found').toBe(member);
      }
      return response;
    },
  },
  {
    route: 'POST /api/uploads',
    // Starting an upload: editors and owners of the notebook named in its metadata.
    expect: { owner: 201, editor: 201, viewer: 403, outsider: 404, signedOut: 401 },
    prepare: (c) => {
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      c.headers = {
        ...c.headers,
        'tus-resumable': '1.0.0',
        'upload-length': '5',
        'upload-metadata': [
          `notebookId ${b64(c.team.notebookId)}`,
          `sha256 ${b64('a'.repeat(64))}`,
          `filename ${b64('note.txt')}`,
          `filetype ${b64('text/plain')}`,
        ].join(','),
      };
      return Promise.resolve();
    },
    run: (c) => c.call({ method: 'POST', url: '/api/uploads' }),
  },
  ...(['PATCH', 'DELETE'] as const).map((method): RouteCase => ({
    route: `${method} /api/uploads`,
    expect: allSignedIn(405),
    readOnly: true,
    run: (c) => c.call({ method, url: '/api/uploads' }),
  })),
  ...(['POST', 'PATCH', 'DELETE'] as const).map((method): RouteCase => ({
    route: `${method} /api/uploads/:uploadId`,
    // Only the account that began an upload may touch it; anyone else finds none.
    expect: allSignedIn(404),
    readOnly: true,
    run: (c) => c.call({ method, url: `/api/uploads/${randomUUID().replaceAll('-', '')}` }),
  })),
  ...(['/api/uploads', '/api/uploads/:uploadId'] as const).map((path): RouteCase => ({
    route: `OPTIONS ${path}`,
    // tus capability discovery: the same for everyone, and changes nothing.
    expect: { owner: 204, editor: 204, viewer: 204, outsider: 204, signedOut: 204 },
    readOnly: true,
    run: (c) =>
      c.call({
        method: 'OPTIONS',
        url: path.replace(':uploadId', randomUUID().replaceAll('-', '')),
      }),
  })),
];

const pushEndpoint = (id: string) => `https://fcm.googleapis.com/fcm/send/${id}`;

/** A valid subscription on FCM (the harness's DNS says FCM is at a public address). */
function pushSubscription(id: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: pushEndpoint(id),
    keys: {
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  };
}

/** Signs the actor in on a second device, which the call under test may end. */
async function spareSession(c: CaseContext): Promise<void> {
  if (c.actor === 'signedOut') return;
  const signedIn = await c.api.request({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress: '10.255.255.254',
    headers: { origin: APP_ORIGIN },
    payload: { email: c.people[c.actor].user.email, password: PASSWORD },
  });
  expect(signedIn.statusCode).toBe(200);
}

/** The stored state a call could change (session columns that a request merely touches aside). */
async function storedState(api: ApiHarness) {
  const { db } = api.database;
  return {
    users: await db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'password_hash'])
      .orderBy('id')
      .execute(),
    sessions: await db.selectFrom('sessions').select(['id', 'user_id']).orderBy('id').execute(),
    notebooks: await db.selectFrom('notebooks').selectAll().orderBy('id').execute(),
    memberships: await db
      .selectFrom('memberships')
      .selectAll()
      .orderBy('notebook_id')
      .orderBy('user_id')
      .execute(),
    invites: await db.selectFrom('invites').selectAll().orderBy('id').execute(),
    entries: await db.selectFrom('entries').selectAll().orderBy('id').execute(),
    history: await db.selectFrom('entry_history').selectAll().orderBy('id').execute(),
    passwordResets: await db
      .selectFrom('password_resets')
      .selectAll()
      .orderBy('token_hash')
      .execute(),
    pushSubscriptions: await db
      .selectFrom('push_subscriptions')
      .select(['endpoint', 'user_id', 'p256dh'])
      .orderBy('endpoint')
      .execute(),
    pushMutedNotebooks: await db
      .selectFrom('push_muted_notebooks')
      .select(['session_id', 'notebook_id'])
      .orderBy('session_id')
      .orderBy('notebook_id')
      .execute(),
    uploads: await db
      .selectFrom('uploads')
      .select(['id', 'user_id', 'notebook_id'])
      .orderBy('id')
      .execute(),
    attachments: await db.selectFrom('attachments').select(['id']).orderBy('id').execute(),
  };
}

/** `GET /api/x (GET, HEAD)` lines of Fastify's route tree, as "METHOD /full/path" strings. */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack.push(path);
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes.filter((route) => route.split(' ')[1]!.startsWith('/api/'));
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`authorization matrix on ${kind}`, () => {
    let api: ApiHarness;
    let people: Record<Person, TestUser>;
    let requests = 0;

    beforeAll(async () => {
      api = await openApiHarness(
        kind,
        {},
        { push: { resolver: async () => [{ address: '142.250.180.10', family: 4 }] } },
      );
      people = {
        owner: await api.signUp(`owner-${kind}@example.org`, 'Owner'),
        editor: await api.signUp(`editor-${kind}@example.org`, 'Editor'),
        viewer: await api.signUp(`viewer-${kind}@example.org`, 'Viewer'),
        outsider: await api.signUp(`outsider-${kind}@example.org`, 'Outsider'),
      };
      // The outsider has a notebook of their own, so their event stream is not empty.
      await new TestSyncClient(api, people.outsider).push([notebookCreate()]);
    });
    afterAll(async () => api?.close());

    /** Owner's requests setting up a case; each from its own address, clear of rate limits. */
    const asOwner = (options: InjectOptions) =>
      api.request({ ...options, headers: people.owner.headers, remoteAddress: nextAddress() });
    function nextAddress(): string {
      requests += 1;
      return `10.${(requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`;
    }

    async function invite(notebookId: string, role: 'editor' | 'viewer') {
      const response = await asOwner({
        method: 'POST',
        url: `/api/notebooks/${notebookId}/invites`,
        payload: { role },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as CreateInviteResponse;
    }

    async function makeTeam(): Promise<Team> {
      const notebookId = randomUUID();
      const entryId = randomUUID();
      const sync = new TestSyncClient(api, people.owner);
      const created = await sync.push([
        notebookCreate(notebookId, 'Matrix'),
        entryPut(notebookId, { title: 'first' }, entryId),
      ]);
      expect(created).toMatchObject({ applied: 2, rejected: 0 });
      const entryVersion = async () =>
        Number(
          (
            await api.database.db
              .selectFrom('entries')
              .select('version')
              .where('id', '=', entryId)
              .executeTakeFirstOrThrow()
          ).version,
        );
      // A second write, so the entry has history.
      const edited = await sync.push([
        entryPut(notebookId, { title: 'second' }, entryId, await entryVersion()),
      ]);
      expect(edited).toMatchObject({ applied: 1, rejected: 0 });
      for (const role of ['editor', 'viewer'] as const) {
        const { token } = await invite(notebookId, role);
        const joined = await api.request({
          method: 'POST',
          url: `/api/invites/${token}/accept`,
          headers: people[role].headers,
          remoteAddress: nextAddress(),
        });
        expect(joined.json()).toMatchObject({ role, joined: true });
      }
      const spare = await invite(notebookId, 'viewer');
      return {
        notebookId,
        entryId,
        entryVersion: 3,
        inviteId: spare.invite.id,
        token: spare.token,
      };
    }

    const table = cases.flatMap((routeCase) =>
      ACTORS.map((actor) => ({
        name: `${routeCase.route}${routeCase.variant ? ` [${routeCase.variant}]` : ''} as ${actor}`,
        routeCase,
        actor,
      })),
    );

    it.each(table)('$name', async ({ routeCase, actor }) => {
      const team = await makeTeam();
      const context: CaseContext = {
        headers: actor === 'signedOut' ? { origin: APP_ORIGIN } : people[actor].headers,
        api,
        team,
        actor,
        people,
        self: people[actor === 'signedOut' ? 'viewer' : actor].user.id,
        call: (options) =>
          api.request({ ...options, headers: context.headers, remoteAddress: nextAddress() }),
      };
      await routeCase.prepare?.(context);
      const before = await storedState(api);
      const response = await routeCase.run(context);
      const expected = routeCase.expect[actor];

      let allowed: boolean;
      if (typeof expected === 'number') {
        expect(response.statusCode, response.body).toBe(expected);
        if (expected >= 400) assertErrorBody(response.json());
        allowed =
          expected < 300 && !routeCase.readOnly && !(routeCase.noChangeFor ?? []).includes(actor);
      } else {
        expect(response.statusCode, response.body).toBe(200);
        const result = response.json() as PushResponse;
        if (expected === 'applied') {
          expect(result, response.body).toMatchObject({ applied: 1, rejected: 0 });
        } else {
          expect(result.rejections.map((r) => r.code)).toEqual([
            expected.slice('rejected:'.length),
          ]);
        }
        allowed = expected === 'applied';
      }
      if (response.statusCode < 300) await routeCase.check?.(response, context);

      const after = await storedState(api);
      if (allowed) expect(after).not.toEqual(before);
      else expect(after).toEqual(before);
    });

    it('covers every route the server has', () => {
      const covered = new Set(cases.map((routeCase) => routeCase.route));
      const registered = registeredRoutes(api.app.printRoutes({ commonPrefix: false }));
      expect(registered.length).toBeGreaterThan(10);
      expect(registered.filter((route) => !covered.has(route))).toEqual([]);
      expect([...covered].filter((route) => !registered.includes(route))).toEqual([]);
    });
  });
}
