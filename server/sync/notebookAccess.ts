// Looks up a live notebook with the writer's role in it, rejecting what the writer may not do.
import { canWrite, Role } from '../../src/protocol/roles.js';
import type { MutationContext } from './MutationContext.js';
import { MutationRejected, RejectionCode } from './MutationRejected.js';

export interface NotebookAccess {
  id: string;
  role: Role;
  version: number;
}

export async function notebookAccess(
  { tx, userId }: MutationContext,
  notebookId: string,
): Promise<NotebookAccess> {
  const row = await tx
    .selectFrom('notebooks')
    .innerJoin('memberships', 'memberships.notebook_id', 'notebooks.id')
    .select(['notebooks.id', 'notebooks.version', 'memberships.role'])
    .where('notebooks.id', '=', notebookId)
    .where('memberships.user_id', '=', userId)
    .where('notebooks.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    throw new MutationRejected(
      RejectionCode.NotFound,
      `Notebook ${notebookId} does not exist or you are not a member`,
    );
  }
  return { id: row.id, role: row.role, version: Number(row.version) };
}

export async function writableNotebook(
  context: MutationContext,
  notebookId: string,
): Promise<NotebookAccess> {
  const access = await notebookAccess(context, notebookId);
  if (!canWrite(access.role)) {
    throw new MutationRejected(
      RejectionCode.Forbidden,
      'Viewers cannot change entries in this notebook',
    );
  }
  return access;
}

export async function ownedNotebook(
  context: MutationContext,
  notebookId: string,
): Promise<NotebookAccess> {
  const access = await notebookAccess(context, notebookId);
  if (access.role !== Role.Owner) {
    throw new MutationRejected(RejectionCode.Forbidden, 'Only the notebook’s owner can do that');
  }
  return access;
}
