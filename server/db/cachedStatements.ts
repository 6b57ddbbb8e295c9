// better-sqlite3 behind Kysely, with prepared statements reused. Kysely's SQLite driver prepares
// every query afresh; Tideline runs the same few shapes of query over and over (a push of 100
// entries is one 1,600-parameter INSERT), so preparing each once saves most of that work.
// Kysely runs one query at a time per connection, so a cached statement is never in use twice.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept; the least recently used is dropped beyond this. */
const CACHE_SIZE = 256;

export function cachedStatements(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = raw.prepare(sql);
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}
