// Checks the writer may do something in a notebook, rejecting the mutation when not.
import { canWrite, Role } from '../../src/protocol/roles.js';
import type { MutationContext } from './MutationContext.js';
import { MutationRejected, RejectionCode } from './MutationRejected.js';
import type { NotebookAccess } from './PushBatch.js';

export async function notebookAccess(
  { batch }: MutationContext,
  notebookId: string,
): Promise<NotebookAccess> {
  const access = await batch.access(notebookId);
  if (!access) {
    throw new MutationRejected(
      RejectionCode.NotFound,
      `Notebook ${notebookId} does not exist or you are not a member`,
    );
  }
  return access;
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
