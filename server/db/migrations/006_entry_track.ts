// 006: an entry's GPS track. The `track` entry field (src/protocol/track.ts) is stored as the
// JSON of {points, gaps} — the fixes already in their compact text form, at most
// Limits.trackMaxChars — or null for the many entries without one. A plain nullable column:
// existing rows need no rewrite, and the same DDL runs on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entries').addColumn('track', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entries').dropColumn('track').execute();
}
