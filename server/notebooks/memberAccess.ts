// The caller's place in a notebook, checked before any member or invite call: a non-member (or
// anyone, once the notebook is deleted) is told the notebook does not exist; a member who is not
// the owner is told only the owner may do it.
import type { Kysely } from 'kysely';
import { Role } from '../../src/protocol/roles.js';
import type { Database } from '../db/schema.js';
import { liveMemberships } from './liveMemberships.js';
import { notebookNotFound, ownerOnly } from './notebookErrors.js';

/** The role `userId` holds in the live notebook `notebookId`, if any. */
export async function membershipRole(
  db: Kysely<Database>,
  notebookId: string,
  userId: string,
): Promise<Role | undefined> {
  const row = await liveMemberships(db, userId)
    .select('memberships.role')
    .where('memberships.notebook_id', '=', notebookId)
    .executeTakeFirst();
  return row?.role;
}

export async function requireMember(
  db: Kysely<Database>,
  notebookId: string,
  userId: string,
): Promise<Role> {
  const role = await membershipRole(db, notebookId, userId);
  if (role === undefined) throw notebookNotFound();
  return role;
}

/** `what` finishes "Only the notebook's owner can …" in the refusal. */
export async function requireOwner(
  db: Kysely<Database>,
  notebookId: string,
  userId: string,
  what: string,
): Promise<void> {
  if ((await requireMember(db, notebookId, userId)) !== Role.Owner) throw ownerOnly(what);
}
