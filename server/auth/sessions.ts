// Sessions: one row per signed-in device, found by the SHA-256 of its secret token. Every session
// slides: each use (a minute or more after the last one) moves its expiry to at least now plus
// its lifetime — 30 days for a browser's cookie, BEARER_TOKEN_DAYS for a bearer token — so a
// device in use stays signed in and one left unused signs itself out.
import type { Selectable } from 'kysely';
import type { SessionInfo, User } from '../../src/protocol/auth.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { SessionsTable } from '../db/schema.js';
import { hashToken, newId, newToken } from './tokens.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const COOKIE_SESSION_MS = 30 * DAY_MS;
/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60 * 1000;

export type SessionKind = SessionsTable['kind'];

export interface Auth {
  user: User;
  session: Selectable<SessionsTable>;
}

export function sessionInfo(row: Selectable<SessionsTable>, currentId?: string): SessionInfo {
  return {
    id: row.id,
    kind: row.kind,
    deviceName: row.device_name,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    current: row.id === currentId,
  };
}

/**
 * Starts a session that lasts `lifetimeMs` from its last use (COOKIE_SESSION_MS for a cookie;
 * the configured bearer token lifetime for a token).
 */
export async function createSession(
  database: DatabaseHandle,
  userId: string,
  kind: SessionKind,
  deviceName: string,
  lifetimeMs: number,
  now = Date.now(),
): Promise<{ token: string; session: Selectable<SessionsTable> }> {
  const token = newToken();
  const session: Selectable<SessionsTable> = {
    token_hash: hashToken(token),
    id: newId(),
    user_id: userId,
    kind,
    device_name: deviceName,
    created_at: now,
    last_seen_at: now,
    expires_at: now + lifetimeMs,
    renew_ms: lifetimeMs,
  };
  await database.db.insertInto('sessions').values(session).execute();
  return { token, session };
}

/** The user and session a token belongs to, or undefined when it is unknown or expired. */
export async function findSession(
  database: DatabaseHandle,
  token: string,
  now = Date.now(),
): Promise<Auth | undefined> {
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select(['users.email', 'users.name'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= now) return undefined;
  const { email, name, ...session } = row;
  if (now - Number(session.last_seen_at) >= TOUCH_EVERY_MS) {
    const expires = Math.max(Number(session.expires_at), now + Number(session.renew_ms));
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: expires })
      .where('token_hash', '=', session.token_hash)
      .execute();
    session.last_seen_at = now;
    session.expires_at = expires;
  }
  return { user: { id: session.user_id, email, name }, session };
}

export async function listSessions(database: DatabaseHandle, userId: string, now = Date.now()) {
  return database.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one of the user's sessions; false when the user has no session with that id. */
export async function revokeSession(
  database: DatabaseHandle,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const result = await database.db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Ends every session of the user except `keepSessionId` (signing out everywhere else, or after a
 * password change); returns the ids it ended.
 */
export async function revokeOtherSessions(
  database: DatabaseHandle,
  userId: string,
  keepSessionId: string,
): Promise<string[]> {
  const rows = await database.db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '<>', keepSessionId)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** A readable device name from a User-Agent, e.g. "Chrome on Android". */
export function deviceNameFrom(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser =
    [
      ['Edg/', 'Edge'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Safari/', 'Safari'],
      ['curl/', 'curl'],
      ['node', 'Node.js'],
    ].find(([needle]) => userAgent.includes(needle as string))?.[1] ?? 'Browser';
  const os = [
    ['Android', 'Android'],
    ['iPhone', 'iOS'],
    ['iPad', 'iPadOS'],
    ['Windows', 'Windows'],
    ['Mac OS X', 'macOS'],
    ['CrOS', 'ChromeOS'],
    ['Linux', 'Linux'],
  ].find(([needle]) => userAgent.includes(needle as string))?.[1];
  return os ? `${browser} on ${os}` : browser;
}
