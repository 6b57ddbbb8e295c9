// Accounts: creating one, and checking an email and password. A failed sign-in takes as long for
// an unknown email as for a wrong password, so timing does not tell whether an account exists.
import type { SignInRequest, SignUpRequest, User } from '../../src/protocol/auth.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { newId } from './tokens.js';

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

export async function createAccount(
  database: DatabaseHandle,
  request: SignUpRequest,
  now = Date.now(),
): Promise<User> {
  const passwordHash = await hashPassword(request.password);
  const user = {
    id: newId(),
    email: request.email,
    name: request.name ?? request.email.split('@')[0] ?? request.email,
  };
  const result = await database.db
    .insertInto('users')
    .values({ ...user, password_hash: passwordHash, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) throw new EmailTakenError(request.email);
  return user;
}

/** The account for these credentials, or undefined (for either kind of mistake). */
export async function checkCredentials(
  database: DatabaseHandle,
  request: SignInRequest,
): Promise<User | undefined> {
  const row = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('email', '=', request.email)
    .executeTakeFirst();
  const valid = await verifyPassword(request.password, row?.password_hash ?? (await decoyHash()));
  return row && valid ? { id: row.id, email: row.email, name: row.name } : undefined;
}

/**
 * Replaces the user's password after checking the current one; false (and nothing changed)
 * when the current password is wrong.
 */
export async function changePassword(
  database: DatabaseHandle,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  const row = await database.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(currentPassword, row.password_hash))) return false;
  const passwordHash = await hashPassword(newPassword);
  await database.db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
  return true;
}
