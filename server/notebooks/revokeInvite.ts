// The owner revokes an invite link: it stops working at once. Revoking one already revoked
// changes nothing (and keeps the first revocation time).
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { requireOwner } from './memberAccess.js';
import { inviteNotFound } from './notebookErrors.js';

export async function revokeInvite(
  { db }: DatabaseHandle,
  notebookId: string,
  actorId: string,
  inviteId: string,
  now: number = Date.now(),
): Promise<void> {
  await requireOwner(db, notebookId, actorId, 'revoke invite links');
  const invite = await db
    .selectFrom('invites')
    .select('revoked_at')
    .where('id', '=', inviteId)
    .where('notebook_id', '=', notebookId)
    .executeTakeFirst();
  if (!invite) throw inviteNotFound();
  if (invite.revoked_at !== null) return;
  await db
    .updateTable('invites')
    .set({ revoked_at: now })
    .where('id', '=', inviteId)
    .where('revoked_at', 'is', null)
    .execute();
}
