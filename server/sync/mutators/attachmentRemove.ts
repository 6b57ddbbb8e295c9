// `attachment.remove`: takes a file off its entry. The row stays, marked deleted, and the entry
// takes the notebook's next version so every device's next pull drops it; the bytes are
// collected later, once nothing references them (server/files/collectGarbage.ts). Removing one
// that is already gone changes nothing.
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';

export async function attachmentRemove(
  context: MutationContext,
  args: MutationArgs<'attachment.remove'>,
): Promise<MutationEffect | undefined> {
  const { batch } = context;
  await writableNotebook(context, args.notebookId);
  const { tx } = batch;
  const row = await tx
    .selectFrom('attachments')
    .select(['notebook_id', 'entry_id', 'deleted'])
    .where('id', '=', args.id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.notebook_id !== args.notebookId || row.entry_id !== args.entryId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Attachment ${args.id} belongs to another entry`,
    );
  }
  if (Number(row.deleted) === 1) return undefined;
  const entry = await batch.entry(args.entryId);
  if (!entry) return undefined;
  const version = await batch.takeVersion(args.notebookId);
  await tx
    .updateTable('attachments')
    .set({ deleted: 1, deleted_at: batch.now, version })
    .where('id', '=', args.id)
    .execute();
  batch.save({
    ...entry,
    version,
    updated_by: batch.userId,
    updated_at: batch.updateTime(entry),
  });
  return { notebookId: args.notebookId, version };
}
