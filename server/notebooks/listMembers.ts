// Who belongs to a notebook, for any of its members: the owner first, then in joining order.
import type { Member } from '../../src/protocol/notebooks.js';
import { Role } from '../../src/protocol/roles.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { requireMember } from './memberAccess.js';
import { memberQuery, toMember } from './memberRow.js';

export async function listMembers(
  { db }: DatabaseHandle,
  notebookId: string,
  actorId: string,
): Promise<Member[]> {
  await requireMember(db, notebookId, actorId);
  const rows = await memberQuery(db, notebookId).execute();
  return rows
    .map(toMember)
    .sort(
      (a, b) =>
        Number(b.role === Role.Owner) - Number(a.role === Role.Owner) ||
        a.joinedAt - b.joinedAt ||
        a.userId.localeCompare(b.userId),
    );
}
