// 002: accounts and sessions, notebooks with members and invite links, entries with per-field
// versions and history, and the per-client sync state (last mutation id, durable rejections).
// Times are epoch milliseconds in bigint columns; JSON values are text.
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('id', 'text', (col) => col.notNull().unique())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('device_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('notebooks')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('purged_through', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('joined_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['notebook_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('max_uses', 'integer', (col) => col.notNull())
    .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invites_notebook').on('invites').column('notebook_id').execute();

  await db.schema
    .createTable('entries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('tags', 'text', (col) => col.notNull())
    .addColumn('done', 'integer', (col) => col.notNull())
    .addColumn('location', 'text')
    .addColumn('field_versions', 'text', (col) => col.notNull())
    .addColumn('field_authors', 'text', (col) => col.notNull())
    .addColumn('conflicted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('entries_notebook_version')
    .on('entries')
    .columns(['notebook_id', 'version'])
    .execute();

  await db.schema
    .createTable('entry_history')
    .addColumn('id', 'integer', (col) =>
      isPostgres(db)
        ? col.generatedAlwaysAsIdentity().primaryKey()
        : col.autoIncrement().primaryKey(),
    )
    .addColumn('entry_id', 'text', (col) =>
      col.notNull().references('entries.id').onDelete('cascade'),
    )
    .addColumn('notebook_id', 'text', (col) => col.notNull())
    .addColumn('field', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('author_id', 'text', (col) => col.notNull())
    .addColumn('overwritten_at', 'bigint', (col) => col.notNull())
    .addColumn('overwritten_by', 'text', (col) => col.notNull())
    .addColumn('conflict', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('entry_history_entry')
    .on('entry_history')
    .column('entry_id')
    .execute();

  await db.schema
    .createTable('sync_clients')
    .addColumn('client_id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_mutation_id', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('rejections')
    .addColumn('client_id', 'text', (col) =>
      col.notNull().references('sync_clients.client_id').onDelete('cascade'),
    )
    .addColumn('mutation_id', 'bigint', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('rejections_pk', ['client_id', 'mutation_id'])
    .execute();
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'rejections',
    'sync_clients',
    'entry_history',
    'entries',
    'invites',
    'memberships',
    'notebooks',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
