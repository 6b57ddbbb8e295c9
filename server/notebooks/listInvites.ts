// A notebook's invite links for its owner, newest first, with what became of each.
import { InviteLimits, type Invite } from '../../src/protocol/notebooks.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { requireOwner } from './memberAccess.js';
import { toInvite } from './inviteRow.js';

export async function listInvites(
  { db }: DatabaseHandle,
  notebookId: string,
  actorId: string,
  now: number = Date.now(),
): Promise<Invite[]> {
  await requireOwner(db, notebookId, actorId, 'see invite links');
  const rows = await db
    .selectFrom('invites')
    .selectAll()
    .where('notebook_id', '=', notebookId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(InviteLimits.listed)
    .execute();
  return rows.map((row) => toInvite(row, now));
}
