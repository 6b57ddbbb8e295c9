// The live notebooks a user is a member of, with each one's current version: what the event
// stream pokes on connect and the set it filters pokes by.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

export async function userNotebooks(
  database: DatabaseHandle,
  userId: string,
): Promise<Map<string, number>> {
  const rows = await database.db
    .selectFrom('memberships')
    .innerJoin('notebooks', 'notebooks.id', 'memberships.notebook_id')
    .select(['notebooks.id', 'notebooks.version'])
    .where('memberships.user_id', '=', userId)
    .where('notebooks.deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.id, Number(row.version)]));
}
