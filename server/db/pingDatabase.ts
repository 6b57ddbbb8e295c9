// The cheapest round trip that proves the database answers, on either dialect.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
