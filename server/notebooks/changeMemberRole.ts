// The owner makes a member an editor or a viewer. The owner's own role is fixed: ownership is
// not handed over this way (a notebook always has exactly one owner).
import type { Member } from '../../src/protocol/notebooks.js';
import { Role, type GrantableRole } from '../../src/protocol/roles.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { withRetry } from '../sync/withRetry.js';
import { requireOwner } from './memberAccess.js';
import { memberQuery, toMember } from './memberRow.js';
import { memberNotFound, ownerIsFixed } from './notebookErrors.js';

export interface RoleChange {
  member: Member;
  /** False when the member already had the role. */
  changed: boolean;
}

export async function changeMemberRole(
  database: DatabaseHandle,
  notebookId: string,
  actorId: string,
  userId: string,
  role: GrantableRole,
): Promise<RoleChange> {
  return withRetry(database, () =>
    database.db.transaction().execute(async (tx) => {
      await requireOwner(tx, notebookId, actorId, 'change members’ roles');
      const row = await memberQuery(tx, notebookId)
        .where('memberships.user_id', '=', userId)
        .executeTakeFirst();
      if (!row) throw memberNotFound();
      if (row.role === Role.Owner) {
        throw ownerIsFixed(
          'The owner’s role cannot be changed: a notebook always keeps its owner.',
        );
      }
      if (row.role === role) return { member: toMember(row), changed: false };
      await tx
        .updateTable('memberships')
        .set({ role })
        .where('notebook_id', '=', notebookId)
        .where('user_id', '=', userId)
        .execute();
      return { member: toMember({ ...row, role }), changed: true };
    }),
  );
}
