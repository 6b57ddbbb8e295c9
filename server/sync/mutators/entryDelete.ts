// `entry.delete`: turns the entry into a tombstone (kept until the purge horizon so every device
// learns of it). Deleting an entry that is already deleted changes nothing.
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';
import { takeVersion } from '../takeVersion.js';

export async function entryDelete(
  context: MutationContext,
  args: MutationArgs<'entry.delete'>,
): Promise<MutationEffect | undefined> {
  const { tx, userId, now } = context;
  await writableNotebook(context, args.notebookId);
  const existing = await tx
    .selectFrom('entries')
    .select(['notebook_id', 'deleted'])
    .where('id', '=', args.id)
    .executeTakeFirst();
  if (!existing)
    throw new MutationRejected(RejectionCode.NotFound, `Entry ${args.id} does not exist`);
  if (existing.notebook_id !== args.notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${args.id} belongs to another notebook`,
    );
  }
  if (Number(existing.deleted) === 1) return undefined;
  const version = await takeVersion(tx, args.notebookId);
  await tx
    .updateTable('entries')
    .set({ deleted: 1, version, updated_by: userId, updated_at: now })
    .where('id', '=', args.id)
    .execute();
  return { notebookId: args.notebookId, version };
}
