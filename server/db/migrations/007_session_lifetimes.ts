// 007: each session renews itself by its own lifetime. Cookie sessions slid by 30 days already;
// bearer tokens lasted a fixed year. Now a bearer token also renews on use, by BEARER_TOKEN_DAYS
// (set when the token is issued). Existing tokens keep their expiry date and renew by 30 days
// from then on, so none stops working the day this runs.
import type { Kysely } from 'kysely';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('renew_ms', 'bigint', (col) => col.notNull().defaultTo(THIRTY_DAYS_MS))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('renew_ms').execute();
}
