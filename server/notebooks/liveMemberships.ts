// "A member of a live notebook": the one query behind every check of who may see a notebook —
// member and invite routes, sync pull and push, entry history, the event stream, push alerts.
// A deleted notebook has no members as far as any of them is concerned.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * `userId`'s memberships joined with their notebooks, deleted notebooks left out. Callers add
 * what they select and narrow it further (a notebook id, a join to entries).
 */
export function liveMemberships(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('notebooks', 'notebooks.id', 'memberships.notebook_id')
    .where('memberships.user_id', '=', userId)
    .where('notebooks.deleted_at', 'is', null);
}
