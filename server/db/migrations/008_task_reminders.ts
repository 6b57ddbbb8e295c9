// 008: tasks with a due time, and their reminders.
//
// - entries.due_at: the `due` entry field (ms since the epoch), null for entries without one.
// - task_reminders: one row per entry that has a due time and is not done, saying when to remind
//   its notebook's members. `sent_at` is null while the reminder waits, and set once it went out
//   (or when the due time had already passed as the person set it): a later edit of the task
//   that keeps the same due time does not send it again. Rescheduling (a new due time) waits
//   again; ticking the task done or deleting it removes the row (PushBatch.flush, in the change's
//   transaction). The dispatcher claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL) and fans
//   each out into push_jobs, one per device with alerts on, in one transaction.
// - push_jobs.kind and entry_id: a job is a 'poke' (a notebook moved) or a 'reminder' (a task
//   is due). Only pokes coalesce, so the one-pending-job-per-device-and-notebook index now
//   covers pokes only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entries').addColumn('due_at', 'bigint').execute();

  await db.schema
    .createTable('task_reminders')
    .addColumn('entry_id', 'text', (col) =>
      col.primaryKey().references('entries.id').onDelete('cascade'),
    )
    .addColumn('notebook_id', 'text', (col) =>
      col.notNull().references('notebooks.id').onDelete('cascade'),
    )
    .addColumn('due_at', 'bigint', (col) => col.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('task_reminders_due')
    .on('task_reminders')
    .columns(['sent_at', 'due_at'])
    .execute();

  await db.schema
    .alterTable('push_jobs')
    .addColumn('kind', 'text', (col) => col.notNull().defaultTo('poke'))
    .execute();
  await db.schema.alterTable('push_jobs').addColumn('entry_id', 'text').execute();
  await db.schema.dropIndex('push_jobs_pending').execute();
  await db.schema
    .createIndex('push_jobs_pending')
    .on('push_jobs')
    .columns(['subscription_id', 'notebook_id'])
    .unique()
    .where(sql.raw<boolean>(`state = 'pending' and kind = 'poke'`))
    .execute();
  await db.schema.createIndex('push_jobs_entry').on('push_jobs').column('entry_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('push_jobs_entry').execute();
  await db.schema.dropIndex('push_jobs_pending').execute();
  await sql`delete from push_jobs where kind <> 'poke'`.execute(db);
  await db.schema
    .createIndex('push_jobs_pending')
    .on('push_jobs')
    .columns(['subscription_id', 'notebook_id'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema.alterTable('push_jobs').dropColumn('entry_id').execute();
  await db.schema.alterTable('push_jobs').dropColumn('kind').execute();
  await db.schema.dropTable('task_reminders').execute();
  await db.schema.alterTable('entries').dropColumn('due_at').execute();
}
