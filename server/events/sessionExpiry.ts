// When a session expires, or undefined when it no longer exists (signed out, revoked): what an
// open event stream checks to know whether it may keep running.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

export async function sessionExpiry(
  database: DatabaseHandle,
  sessionId: string,
): Promise<number | undefined> {
  const row = await database.db
    .selectFrom('sessions')
    .select('expires_at')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.expires_at);
}
