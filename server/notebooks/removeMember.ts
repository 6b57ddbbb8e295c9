// Someone leaves a notebook: the owner removes a member, or a member removes themselves. The
// owner cannot leave (a notebook always has its owner). Deleting the membership row is the whole
// change: pull lists a user's notebooks from memberships, so the notebook drops out of the removed
// member's next pull (as a removedNotebooks entry where the client has a cursor for it).
import { Role } from '../../src/protocol/roles.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { withRetry } from '../sync/withRetry.js';
import { requireMember } from './memberAccess.js';
import { memberNotFound, ownerIsFixed, ownerOnly } from './notebookErrors.js';

export async function removeMember(
  database: DatabaseHandle,
  notebookId: string,
  actorId: string,
  userId: string,
): Promise<void> {
  await withRetry(database, () =>
    database.db.transaction().execute(async (tx) => {
      const actorRole = await requireMember(tx, notebookId, actorId);
      if (userId !== actorId && actorRole !== Role.Owner) throw ownerOnly('remove other members');
      const target = await tx
        .selectFrom('memberships')
        .select('role')
        .where('notebook_id', '=', notebookId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!target) throw memberNotFound();
      if (target.role === Role.Owner) {
        throw ownerIsFixed(
          'The owner cannot leave their own notebook. Transfer or delete the notebook instead.',
        );
      }
      await tx
        .deleteFrom('memberships')
        .where('notebook_id', '=', notebookId)
        .where('user_id', '=', userId)
        .execute();
    }),
  );
}
