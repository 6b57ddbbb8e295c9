// The signed-in user joins a notebook through an invite link, with the invite's role.
//
// One transaction, in this order:
//   1. find the usable invite (else invite-invalid)
//   2. insert the membership, doing nothing if the user is already a member — then answer with
//      their current role, taking no use and never downgrading them
//   3. take one use with a conditional UPDATE (uses < max_uses, still unrevoked and unexpired);
//      if no row matched, a concurrent accept took the last use: refuse, which also rolls back 2.
// The UPDATE re-checks the row it locks (PostgreSQL) or runs alone (SQLite's one writer), so
// concurrent accepts can never let in more people than max_uses.
import type { AcceptInviteResponse } from '../../src/protocol/notebooks.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { withRetry } from '../sync/withRetry.js';
import { isUsable } from './inviteRow.js';
import { membershipRole } from './memberAccess.js';
import { inviteInvalid } from './notebookErrors.js';
import { usableInvite } from './usableInvite.js';

export async function acceptInvite(
  database: DatabaseHandle,
  token: string,
  userId: string,
  now: number = Date.now(),
): Promise<AcceptInviteResponse> {
  return withRetry(database, () =>
    database.db.transaction().execute(async (tx) => {
      const invite = await usableInvite(tx, token, now);
      const inserted = await tx
        .insertInto('memberships')
        .values({
          notebook_id: invite.notebookId,
          user_id: userId,
          role: invite.role,
          joined_at: now,
        })
        .onConflict((oc) => oc.columns(['notebook_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        const role = await membershipRole(tx, invite.notebookId, userId);
        if (role === undefined) throw inviteInvalid();
        return { notebookId: invite.notebookId, role, joined: false };
      }
      const used = await tx
        .updateTable('invites')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', invite.id)
        .where(isUsable(now))
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) === 0) throw inviteInvalid();
      return { notebookId: invite.notebookId, role: invite.role, joined: true };
    }),
  );
}
