// Password reset links: a random token whose SHA-256 alone is stored, usable once, for
// RESET_LINK_MINUTES. Asking again replaces the earlier link (at most one per account), and
// using one replaces the password and ends every session of the account in one transaction.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { hashPassword } from './password.js';
import { hashToken, newToken } from './tokens.js';

export interface IssuedReset {
  token: string;
  user: { id: string; email: string; name: string };
}

/** A new link for the account with this e-mail address, or undefined when there is none. */
export async function issuePasswordReset(
  database: DatabaseHandle,
  email: string,
  ttlMs: number,
  now = Date.now(),
): Promise<IssuedReset | undefined> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user) return undefined;
  const token = newToken();
  await database.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('password_resets').where('user_id', '=', user.id).execute();
    await tx
      .insertInto('password_resets')
      .values({
        token_hash: hashToken(token),
        user_id: user.id,
        created_at: now,
        expires_at: now + ttlMs,
        used_at: null,
      })
      .execute();
  });
  return { token, user };
}

/**
 * Sets a new password with a link's token: the user's id and the sessions it ended, or
 * undefined (nothing changed) when the token is unknown, used or expired.
 */
export async function usePasswordReset(
  database: DatabaseHandle,
  token: string,
  newPassword: string,
  now = Date.now(),
): Promise<{ userId: string; endedSessions: string[] } | undefined> {
  const tokenHash = hashToken(token);
  const live = await database.db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!live) return undefined;
  // scrypt outside the transaction; the transaction claims the token (once) and applies it.
  const passwordHash = await hashPassword(newPassword);
  return database.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) return undefined;
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', claimed.user_id)
      .execute();
    const ended = await tx
      .deleteFrom('sessions')
      .where('user_id', '=', claimed.user_id)
      .returning('id')
      .execute();
    return { userId: claimed.user_id, endedSessions: ended.map((row) => row.id) };
  });
}
