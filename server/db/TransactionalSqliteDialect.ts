// Kysely's SQLite dialect, except that migrations run in a transaction.
// SQLite does support transactional DDL, but Kysely's SqliteAdapter says it
// doesn't, so its Migrator would leave a half-applied migration behind on
// failure. With this adapter a failed start-up migration rolls back on SQLite
// exactly as it does on PostgreSQL.
import { SqliteAdapter, SqliteDialect } from 'kysely';
import type { DialectAdapter } from 'kysely';

class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
