// 004: alerts per notebook. A session (one signed-in device) can mute a notebook: its push
// subscription then gets no pokes about that notebook. Signing out or revoking the session
// removes its mutes; removing a notebook's row (deleted notebooks stay as tombstones) removes
// the mutes of it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('push_muted_notebooks')
    .addColumn('session_id', 'text', (col) =>
      col.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('push_muted_notebooks_pk', ['session_id', 'notebook_id'])
    .execute();
  await db.schema
    .createIndex('push_muted_notebooks_notebook')
    .on('push_muted_notebooks')
    .column('notebook_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_muted_notebooks').execute();
}
