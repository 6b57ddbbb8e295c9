// Opens the configured storage: PostgreSQL when DATABASE_URL is set, otherwise
// SQLite in DATA_DIR. Both come back as the same `DatabaseHandle`, so the rest
// of the server writes one set of queries.
import type { Config } from '../config.js';
import type { DatabaseHandle, OpenDatabaseOptions } from './DatabaseHandle.js';
import { openPostgres } from './openPostgres.js';
import { openSqlite } from './openSqlite.js';

export type { DatabaseHandle, OpenDatabaseOptions } from './DatabaseHandle.js';

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl !== undefined) return openPostgres(config.databaseUrl, options);
  return openSqlite(config.dataDir);
}
