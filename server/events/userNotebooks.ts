// The live notebooks a user is a member of, with each one's current version: what the event
// stream pokes on connect and the set it filters pokes by.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';

export async function userNotebooks(
  database: DatabaseHandle,
  userId: string,
): Promise<Map<string, number>> {
  const rows = await liveMemberships(database.db, userId)
    .select(['notebooks.id', 'notebooks.version'])
    .execute();
  return new Map(rows.map((row) => [row.id, Number(row.version)]));
}
