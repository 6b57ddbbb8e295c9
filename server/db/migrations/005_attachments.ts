// 005: attachments. An attachment row belongs to an entry (and goes with it when the entry's
// tombstone is purged); removing one keeps the row, marked deleted, so the removal syncs like
// any change. The bytes live apart, once per notebook and SHA-256: `files` lists the verified
// blobs the file store holds; `uploads` lists tus uploads under way (who began each, for what),
// shared by every instance so an upload begun on one can be resumed on another.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('entry_id', 'text', (col) =>
      col.notNull().references('entries.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('thumbnail', 'text')
    .addColumn('duration_ms', 'bigint')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('attachments_entry').on('attachments').column('entry_id').execute();
  await db.schema
    .createIndex('attachments_content')
    .on('attachments')
    .columns(['notebook_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('notebook_id', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint', (col) => col.notNull())
    .addColumn('stored_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('files_pk', ['notebook_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('notebook_id', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('uploads_created').on('uploads').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('uploads').execute();
  await db.schema.dropTable('files').execute();
  await db.schema.dropTable('attachments').execute();
}
