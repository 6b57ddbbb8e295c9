// Finds the invite a token belongs to, if it can still let someone in: known, not revoked, not
// expired, not used up, and its notebook not deleted. Every other case is the same refusal, so a
// guessed token learns nothing.
import type { Kysely } from 'kysely';
import type { GrantableRole } from '../../src/protocol/roles.js';
import { hashToken } from '../auth/tokens.js';
import type { Database } from '../db/schema.js';
import { isUsable } from './inviteRow.js';
import { inviteInvalid } from './notebookErrors.js';

export interface UsableInvite {
  id: string;
  notebookId: string;
  notebookName: string;
  role: GrantableRole;
  invitedBy: string;
  expiresAt: number;
}

export async function usableInvite(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<UsableInvite> {
  const row = await db
    .selectFrom('invites')
    .innerJoin('notebooks', 'notebooks.id', 'invites.notebook_id')
    .innerJoin('users', 'users.id', 'invites.created_by')
    .select([
      'invites.id',
      'invites.notebook_id',
      'invites.role',
      'invites.expires_at',
      'notebooks.name as notebook_name',
      'users.name as invited_by',
    ])
    .where('invites.token_hash', '=', hashToken(token))
    .where('notebooks.deleted_at', 'is', null)
    .where(isUsable(now))
    .executeTakeFirst();
  if (!row) throw inviteInvalid();
  return {
    id: row.id,
    notebookId: row.notebook_id,
    notebookName: row.notebook_name,
    role: row.role,
    invitedBy: row.invited_by,
    expiresAt: Number(row.expires_at),
  };
}
