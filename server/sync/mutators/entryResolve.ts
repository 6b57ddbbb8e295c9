// `entry.resolve`: settles a conflicted entry. "mine" keeps the current values; "theirs" restores
// the values that conflicting writes overwrote (each restore is itself recorded in history, so
// either choice can be undone). Either way the entry stops being conflicted.
import { ENTRY_FIELDS, type EntryField, type EntryFields } from '../../../src/protocol/entry.js';
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';
import { entryPut } from './entryPut.js';

export async function entryResolve(
  context: MutationContext,
  args: MutationArgs<'entry.resolve'>,
): Promise<MutationEffect | undefined> {
  const { batch } = context;
  await writableNotebook(context, args.notebookId);
  const entry = await batch.entry(args.id);
  if (!entry || Number(entry.deleted) === 1) {
    throw new MutationRejected(RejectionCode.NotFound, `Entry ${args.id} does not exist`);
  }
  if (entry.notebook_id !== args.notebookId) {
    throw new MutationRejected(
      RejectionCode.WrongNotebook,
      `Entry ${args.id} belongs to another notebook`,
    );
  }
  if (Number(entry.conflicted) !== 1) {
    throw new MutationRejected(
      RejectionCode.NotConflicted,
      'This entry has no conflict to resolve',
    );
  }

  if (args.keep === 'theirs') {
    const wanted = args.historyIds ? new Set(args.historyIds) : undefined;
    const items = (await batch.conflictHistory(args.id)).filter(
      (item) => !wanted || wanted.has(Number(item.id)),
    );
    if (wanted && items.length !== wanted.size) {
      throw new MutationRejected(
        RejectionCode.NotFound,
        'Some of those history items are not conflicts of this entry',
      );
    }
    // The latest conflicting value of each field wins when several are restored.
    const restore: Partial<EntryFields> = {};
    for (const item of items) {
      if (ENTRY_FIELDS.includes(item.field as EntryField)) {
        Object.assign(restore, { [item.field]: JSON.parse(item.value) });
      }
    }
    await entryPut(context, {
      id: args.id,
      notebookId: args.notebookId,
      baseVersion: Number(entry.version),
      fields: restore,
    });
  }

  // The conflicts seen so far are settled: a later "theirs" restores only conflicts after this.
  await batch.flush();
  await batch.tx
    .updateTable('entry_history')
    .set({ conflict: 2 })
    .where('entry_id', '=', args.id)
    .where('conflict', '=', 1)
    .execute();

  const version = await batch.takeVersion(args.notebookId);
  const current = (await batch.entry(args.id))!;
  batch.save({
    ...current,
    conflicted: 0,
    version,
    updated_by: batch.userId,
    updated_at: batch.updateTime(current),
  });
  return { notebookId: args.notebookId, version };
}
