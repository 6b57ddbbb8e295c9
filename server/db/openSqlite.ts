// SQLite storage: one better-sqlite3 file in the data directory, in WAL mode so
// readers never wait for the writer, with foreign keys enforced.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { errorCodeOf, StartupError, StartupErrorCode } from '../errors.js';
import type { DatabaseHandle } from './DatabaseHandle.js';
import { cachedStatements } from './cachedStatements.js';
import { ensureWritableDir } from './ensureWritableDir.js';
import type { Database } from './schema.js';
import { TransactionalSqliteDialect } from './TransactionalSqliteDialect.js';

export const SQLITE_FILE_NAME = 'tideline.db';

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export function openSqlite(dataDir: string): DatabaseHandle {
  ensureWritableDir(dataDir);
  const file = join(dataDir, SQLITE_FILE_NAME);

  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    // With WAL, NORMAL is durable against application crashes and much faster than FULL.
    sqlite.pragma('synchronous = NORMAL');
    // A 64 MB page cache and memory-mapped reads keep a busy notebook's indexes in memory.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
  } catch (error) {
    sqlite?.close();
    const code = errorCodeOf(error) ?? 'unknown error';
    throw new StartupError(
      StartupErrorCode.databaseOpenFailed,
      `Cannot open the SQLite database ${file} (${code}): make sure it is a Tideline database, or set DATA_DIR to another directory`,
      { cause: error },
    );
  }

  const raw = sqlite;
  const db = new Kysely<Database>({
    dialect: new TransactionalSqliteDialect({ database: cachedStatements(raw) }),
  });
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect: 'sqlite',
    schema: undefined,
    describe: () => `SQLite ${file}`,
    close: () =>
      (closing ??= (async () => {
        await db.destroy();
        // Kysely's destroy() skips a driver that never ran a query, so close the file
        // ourselves; a later query then fails instead of silently reopening nothing.
        if (raw.open) raw.close();
      })()),
  };
}
