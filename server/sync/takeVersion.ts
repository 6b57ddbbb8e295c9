// Takes the next version of a notebook. The UPDATE holds the notebook's row lock until the
// transaction commits, so on PostgreSQL versions of one notebook commit in order and a pull that
// reads "versions above my cursor" never skips one committed later (SQLite has one writer).
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export async function takeVersion(tx: Transaction<Database>, notebookId: string): Promise<number> {
  const row = await tx
    .updateTable('notebooks')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', notebookId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}
