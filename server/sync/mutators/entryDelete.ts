// `entry.delete`: turns the entry into a tombstone (kept until the purge horizon so every device
// learns of it). Deleting an entry that is already deleted changes nothing.
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';

export async function entryDelete(
  context: MutationContext,
  args: MutationArgs<'entry.delete'>,
): Promise<MutationEffect | undefined> {
  const { batch } = context;
  await writableNotebook(context, args.notebookId);
  const existing = await batch.entry(args.id);
  if (!existing)
    throw new MutationRejected(RejectionCode.NotFound, `Entry ${args.id} does not exist`);
  if (existing.notebook_id !== args.notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${args.id} belongs to another notebook`,
    );
  }
  if (Number(existing.deleted) === 1) return undefined;
  const version = await batch.takeVersion(args.notebookId);
  batch.save({
    ...existing,
    deleted: 1,
    version,
    updated_by: batch.userId,
    updated_at: batch.updateTime(existing),
  });
  return { notebookId: args.notebookId, version };
}
