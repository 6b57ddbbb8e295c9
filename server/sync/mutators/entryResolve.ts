// `entry.resolve`: settles a conflicted entry. "mine" keeps the current values; "theirs" restores
// the values that conflicting writes overwrote (each restore is itself recorded in history, so
// either choice can be undone). Either way the entry stops being conflicted.
import { ENTRY_FIELDS, type EntryField, type EntryFields } from '../../../src/protocol/entry.js';
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';
import { takeVersion } from '../takeVersion.js';
import { entryPut } from './entryPut.js';

export async function entryResolve(
  context: MutationContext,
  args: MutationArgs<'entry.resolve'>,
): Promise<MutationEffect | undefined> {
  const { tx } = context;
  await writableNotebook(context, args.notebookId);
  const entry = await tx
    .selectFrom('entries')
    .select(['notebook_id', 'deleted', 'conflicted', 'version'])
    .where('id', '=', args.id)
    .executeTakeFirst();
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
    let query = tx
      .selectFrom('entry_history')
      .select(['id', 'field', 'value'])
      .where('entry_id', '=', args.id)
      .where('conflict', '=', 1)
      .orderBy('id', 'asc');
    if (args.historyIds)
      query = query.where('id', 'in', args.historyIds.length ? args.historyIds : [-1]);
    const items = await query.execute();
    if (args.historyIds && items.length !== new Set(args.historyIds).size) {
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

  const version = await takeVersion(tx, args.notebookId);
  await tx
    .updateTable('entries')
    .set({ conflicted: 0, version, updated_by: context.userId, updated_at: context.now })
    .where('id', '=', args.id)
    .execute();
  return { notebookId: args.notebookId, version };
}
