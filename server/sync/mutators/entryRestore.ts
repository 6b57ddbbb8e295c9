// `entry.restore`: brings a deleted entry back with the fields it had when it was deleted (the
// tombstone keeps them until the purge horizon). It takes a new version, so every device pulls the
// entry again; restoring an entry that is live changes nothing, so an undo that arrives after a
// teammate's restore (or twice) is harmless. An entry purged for good cannot come back.
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';

export async function entryRestore(
  context: MutationContext,
  args: MutationArgs<'entry.restore'>,
): Promise<MutationEffect | undefined> {
  const { batch } = context;
  await writableNotebook(context, args.notebookId);
  const existing = await batch.entry(args.id);
  if (!existing) {
    throw new MutationRejected(
      RejectionCode.NotFound,
      `Entry ${args.id} does not exist (a deleted entry is kept only for a while)`,
    );
  }
  if (existing.notebook_id !== args.notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${args.id} belongs to another notebook`,
    );
  }
  if (Number(existing.deleted) === 0) return undefined;
  const version = await batch.takeVersion(args.notebookId);
  batch.save({
    ...existing,
    deleted: 0,
    version,
    updated_by: batch.userId,
    updated_at: batch.updateTime(existing),
  });
  return { notebookId: args.notebookId, version };
}
