// 003: Web Push. A device's push subscription belongs to the session that saved it (signing out
// or revoking the session deletes it). Push jobs are the durable queue of pokes to send: one per
// subscription and notebook while pending, so later changes coalesce into it, then claimed by a
// dispatcher ('sending', with a lease), and deleted once sent or kept as 'dead' with the reason.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('session_id', 'text', (col) =>
      col.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (col) => col.notNull().unique())
    .addColumn('p256dh', 'text', (col) => col.notNull())
    .addColumn('auth', 'text', (col) => col.notNull())
    .addColumn('expiration_time', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user')
    .on('push_subscriptions')
    .column('user_id')
    .execute();
  await db.schema
    .createIndex('push_subscriptions_session')
    .on('push_subscriptions')
    .column('session_id')
    .execute();

  await db.schema
    .createTable('push_jobs')
    .addColumn('id', 'integer', (col) =>
      isPostgres(db)
        ? col.generatedAlwaysAsIdentity().primaryKey()
        : col.autoIncrement().primaryKey(),
    )
    .addColumn('subscription_id', 'text', (col) =>
      col.notNull().references('push_subscriptions.id').onDelete('cascade'),
    )
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('changes', 'integer', (col) => col.notNull())
    .addColumn('by_name', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // At most one pending job per subscription and notebook: the target of the coalescing upsert.
  await db.schema
    .createIndex('push_jobs_pending')
    .on('push_jobs')
    .columns(['subscription_id', 'notebook_id'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('push_jobs_due')
    .on('push_jobs')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('push_jobs_notebook').on('push_jobs').column('notebook_id').execute();
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_jobs').execute();
  await db.schema.dropTable('push_subscriptions').execute();
}
