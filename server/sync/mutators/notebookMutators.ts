// `notebook.create`, `notebook.rename`, `notebook.delete`. Creating makes the writer the owner;
// renaming and deleting are the owner's. A deleted notebook leaves every member's next pull.
import { Role } from '../../../src/protocol/roles.js';
import type { Updateable } from 'kysely';
import type { NotebooksTable } from '../../db/schema.js';
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { ownedNotebook } from '../notebookAccess.js';

export async function notebookCreate(
  { batch }: MutationContext,
  args: MutationArgs<'notebook.create'>,
): Promise<MutationEffect> {
  const { tx, userId, now } = batch;
  const existing = await tx
    .selectFrom('notebooks')
    .select('id')
    .where('id', '=', args.id)
    .executeTakeFirst();
  if (existing) {
    throw new MutationRejected(
      RejectionCode.AlreadyExists,
      `A notebook with id ${args.id} already exists`,
    );
  }
  await tx
    .insertInto('notebooks')
    .values({
      id: args.id,
      name: args.name,
      owner_id: userId,
      version: 1,
      created_at: now,
      deleted_at: null,
    })
    .execute();
  await tx
    .insertInto('memberships')
    .values({ notebook_id: args.id, user_id: userId, role: Role.Owner, joined_at: now })
    .execute();
  batch.setAccess(args.id, { id: args.id, role: Role.Owner });
  return { notebookId: args.id, version: 1, notebook: 'created' };
}

/** An owner-only change to a notebook's row, taking the notebook's next version. */
async function changeOwnedNotebook(
  context: MutationContext,
  id: string,
  change: Updateable<NotebooksTable>,
): Promise<number> {
  const { batch } = context;
  await ownedNotebook(context, id);
  const version = await batch.takeVersion(id);
  await batch.tx.updateTable('notebooks').set(change).where('id', '=', id).execute();
  return version;
}

export async function notebookRename(
  context: MutationContext,
  args: MutationArgs<'notebook.rename'>,
): Promise<MutationEffect> {
  const version = await changeOwnedNotebook(context, args.id, { name: args.name });
  return { notebookId: args.id, version };
}

export async function notebookDelete(
  context: MutationContext,
  args: MutationArgs<'notebook.delete'>,
): Promise<MutationEffect> {
  const version = await changeOwnedNotebook(context, args.id, { deleted_at: context.batch.now });
  context.batch.setAccess(args.id, null);
  return { notebookId: args.id, version, notebook: 'deleted' };
}
