// The world the API fuzzer plays in: a real app whose routes are recorded as Fastify registers
// them (so a route added later is fuzzed without anyone listing it), two people and their
// notebooks, entries, invites and sessions, and a digest of every stored row so a refused request
// can be shown to have changed nothing.
//
//   alice  — the caller. Owns notebook `own`; a viewer of bob's `shared`; has a cookie, a bearer
//            token and a revoked token.
//   bob    — the other account. Owns `private` (alice is no member) and `shared`; his ids,
//            entries, invites and sessions are what alice must never reach. An editor of
//            alice's notebook, so she has a member to change or remove.
//
// Requests name these things symbolically (`ref('bobPrivateNotebook')`), so a counterexample
// printed by fast-check reads, and replays, the same against a fresh world.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CreateInviteResponse } from '../../../src/protocol/notebooks.js';
import type { SessionsResponse, TokenResponse } from '../../../src/protocol/auth.js';
import type { DatabaseKind } from '../../../src/protocol/health.js';
import {
  COOKIE_SESSION_MS,
  createSession,
  findSession,
  revokeSession,
} from '../../auth/sessions.js';
import { APP_ORIGIN, openApiHarness, type ApiHarness, type TestUser } from '../apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../syncClient.js';

export const PASSWORD = 'correct horse battery';

/** A route as Fastify registered it. */
export interface FuzzRoute {
  method: string;
  url: string;
}

/** Names of the ids and tokens the world holds; requests refer to them by name. */
export const REF_NAMES = [
  'aliceId',
  'bobId',
  'aliceNotebook',
  'bobPrivateNotebook',
  'bobSharedNotebook',
  'aliceEntry',
  'bobPrivateEntry',
  'bobSharedEntry',
  'aliceInviteId',
  'aliceInviteToken',
  'bobPrivateInviteId',
  'bobSharedInviteId',
  'bobSessionId',
  'aliceClientId',
  'bobClientId',
  'revokedToken',
] as const;
export type RefName = (typeof REF_NAMES)[number];

/** A symbolic reference to one of the world's ids, resolved when the request is made. */
export class Ref {
  constructor(readonly name: RefName) {}
  toString(): string {
    return `ref(${this.name})`;
  }
}

export interface FuzzWorld {
  api: ApiHarness;
  kind: DatabaseKind;
  routes: FuzzRoute[];
  alice: TestUser;
  bob: TestUser;
  refs: Record<RefName, string>;
  /** Alice's current credentials; renewed when a fuzzed request signs her out. */
  credentials: { cookieToken: string; bearerToken: string };
  /** Makes sure alice's cookie and bearer sessions still exist (a fuzzed sign-out may end them). */
  renewCredentials(): Promise<void>;
  close(): Promise<void>;
}

function cookieToken(user: TestUser): string {
  return user.cookie.slice(user.cookie.indexOf('=') + 1);
}

export async function openFuzzWorld(kind: DatabaseKind): Promise<FuzzWorld> {
  const routes: FuzzRoute[] = [];
  const api = await openApiHarness(
    kind,
    { authAttemptsPerIp: 1_000_000 },
    {
      beforeReady: (app) =>
        app.addHook('onRoute', (route) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method];
          for (const method of methods) routes.push({ method, url: route.url });
        }),
    },
  );
  // A running server has its VAPID keys from the start (startServer → push.start()); so does
  // this world, or the first GET /api/push/key would be the one to store them.
  await api.app.push.publicKey();
  const alice = await api.signUp(`alice-${kind}-${Date.now()}@example.org`, 'Alice');
  const bob = await api.signUp(`bob-${kind}-${Date.now()}@example.org`, 'Bob');

  const aliceSync = new TestSyncClient(api, alice);
  const bobSync = new TestSyncClient(api, bob);
  const [aliceNotebook, bobPrivateNotebook, bobSharedNotebook] = [
    crypto.randomUUID(),
    crypto.randomUUID(),
    crypto.randomUUID(),
  ];
  const [aliceEntry, bobPrivateEntry, bobSharedEntry] = [
    crypto.randomUUID(),
    crypto.randomUUID(),
    crypto.randomUUID(),
  ];
  await aliceSync.push([
    notebookCreate(aliceNotebook, 'Alice'),
    entryPut(aliceNotebook, { title: 'a' }, aliceEntry),
  ]);
  await bobSync.push([
    notebookCreate(bobPrivateNotebook, 'Bob private'),
    entryPut(bobPrivateNotebook, { title: 'b' }, bobPrivateEntry),
    notebookCreate(bobSharedNotebook, 'Bob shared'),
    entryPut(bobSharedNotebook, { title: 'c' }, bobSharedEntry),
  ]);
  // A second write each, so the entries have history.
  await bobSync.push([entryPut(bobPrivateNotebook, { title: 'b2' }, bobPrivateEntry, 2)]);

  const invite = async (user: TestUser, notebookId: string, role = 'viewer') => {
    const response = await api.request({
      method: 'POST',
      url: `/api/notebooks/${notebookId}/invites`,
      headers: user.headers,
      payload: { role },
    });
    if (response.statusCode !== 201) throw new Error(`invite failed: ${response.body}`);
    return response.json() as CreateInviteResponse;
  };
  const aliceInvite = await invite(alice, aliceNotebook);
  const bobPrivateInvite = await invite(bob, bobPrivateNotebook);
  const bobSharedInvite = await invite(bob, bobSharedNotebook);
  const join = async (user: TestUser, token: string) => {
    const joined = await api.request({
      method: 'POST',
      url: `/api/invites/${token}/accept`,
      headers: user.headers,
    });
    if (joined.statusCode !== 200) throw new Error(`join failed: ${joined.body}`);
  };
  await join(alice, bobSharedInvite.token);
  await join(bob, (await invite(alice, aliceNotebook, 'editor')).token);

  const tokenResponse = await api.request({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: { origin: APP_ORIGIN },
    payload: { email: alice.user.email, password: PASSWORD },
  });
  if (tokenResponse.statusCode !== 201) throw new Error(`token failed: ${tokenResponse.body}`);
  const bobSessions = await api.request({
    method: 'GET',
    url: '/api/auth/sessions',
    headers: bob.headers,
  });
  const bobSessionId = (bobSessions.json() as SessionsResponse).sessions[0]!.id;
  const revoked = await createSession(
    api.database,
    alice.user.id,
    'bearer',
    'revoked',
    COOKIE_SESSION_MS,
  );
  await revokeSession(api.database, alice.user.id, revoked.session.id);

  const credentials = {
    cookieToken: cookieToken(alice),
    bearerToken: (tokenResponse.json() as TokenResponse).token,
  };
  return {
    api,
    kind,
    routes,
    alice,
    bob,
    credentials,
    refs: {
      aliceId: alice.user.id,
      bobId: bob.user.id,
      aliceNotebook,
      bobPrivateNotebook,
      bobSharedNotebook,
      aliceEntry,
      bobPrivateEntry,
      bobSharedEntry,
      aliceInviteId: aliceInvite.invite.id,
      aliceInviteToken: aliceInvite.token,
      bobPrivateInviteId: bobPrivateInvite.invite.id,
      bobSharedInviteId: bobSharedInvite.invite.id,
      bobSessionId,
      aliceClientId: aliceSync.clientId,
      bobClientId: bobSync.clientId,
      revokedToken: revoked.token,
    },
    async renewCredentials() {
      if (!(await findSession(api.database, credentials.cookieToken))) {
        credentials.cookieToken = (
          await createSession(api.database, alice.user.id, 'cookie', 'fuzz', COOKIE_SESSION_MS)
        ).token;
      }
      if (!(await findSession(api.database, credentials.bearerToken))) {
        credentials.bearerToken = (
          await createSession(api.database, alice.user.id, 'bearer', 'fuzz', COOKIE_SESSION_MS)
        ).token;
      }
    },
    close: () => api.close(),
  };
}

/**
 * Columns left out of the digest: a session's sliding expiry is touched by any authenticated
 * request (at most once a minute), refused or not; it is bookkeeping, not something the caller
 * changed.
 */
const UNDIGESTED: Record<string, readonly string[]> = {
  sessions: ['last_seen_at', 'expires_at'],
};

async function tableNames(api: ApiHarness): Promise<string[]> {
  const { db, dialect } = api.database;
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
}

/** Every stored row of every table, as one SHA-256 per table (with its row count). */
export async function stateDigest(api: ApiHarness): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of await tableNames(api)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      api.database.db,
    );
    const skip = UNDIGESTED[table] ?? [];
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .filter((column) => !skip.includes(column))
            .sort()
            .map((column) => [column, String(row[column])]),
        ),
      )
      .sort();
    const hash = createHash('sha256');
    for (const line of lines) hash.update(line).update('\n');
    digest[table] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return digest;
}
