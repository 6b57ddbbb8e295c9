// After a push commits: poke every device of every member (the event stream, and later Web Push)
// for each notebook that moved, and announce notebooks created or deleted as membership changes.
import { MembershipChange } from '../../src/protocol/events.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { EventBus } from '../events/EventBus.js';
import type { MutationEffect } from './MutationContext.js';

export async function announceEffects(
  database: DatabaseHandle,
  events: EventBus,
  effects: readonly MutationEffect[],
  writer: { userId: string; clientId: string },
): Promise<void> {
  for (const effect of effects) {
    if (effect.notebook === 'created') {
      await events.publish({
        type: 'membership',
        notebookId: effect.notebookId,
        userId: writer.userId,
        change: MembershipChange.Added,
      });
    } else if (effect.notebook === 'deleted') {
      const members = await database.db
        .selectFrom('memberships')
        .select('user_id')
        .where('notebook_id', '=', effect.notebookId)
        .execute();
      for (const member of members) {
        await events.publish({
          type: 'membership',
          notebookId: effect.notebookId,
          userId: member.user_id,
          change: MembershipChange.NotebookDeleted,
        });
      }
      continue;
    }
    await events.publish({
      type: 'poke',
      notebookId: effect.notebookId,
      version: effect.version,
      originClientId: writer.clientId,
    });
  }
}
