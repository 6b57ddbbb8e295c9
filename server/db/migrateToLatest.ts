// Brings the database schema up to date at start-up with Kysely's Migrator and
// the in-code migration list (no directory scanning, so it works the same from
// source and from the compiled build). A run is one transaction on both
// dialects (see TransactionalSqliteDialect), so a failure leaves the schema as
// it was; on PostgreSQL the Migrator also holds an advisory lock, so several
// instances can start at once.
import { Migrator } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely';
import { StartupError, StartupErrorCode, errorCodeOf } from '../errors.js';
import type { DatabaseHandle } from './DatabaseHandle.js';
import { migrations } from './migrations/index.js';

const CATALOG_RACE_CODES = new Set(['3F000', '42703', '42P01']);

function isCatalogRace(outcome: {
  error?: unknown;
  results?: readonly { status: string }[];
}): boolean {
  const code = errorCodeOf(outcome.error);
  return (
    code !== undefined &&
    CATALOG_RACE_CODES.has(code) &&
    (outcome.results ?? []).every((result) => result.status !== 'Success')
  );
}

/**
 * Applies pending migrations; resolves to the names applied (empty when up to
 * date). `list` is for tests; the server always runs the full list.
 */
export async function migrateToLatest(
  database: DatabaseHandle,
  list: Readonly<Record<string, Migration>> = migrations,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...list }) };
  const migrator = new Migrator({
    db: database.db,
    provider,
    // Kysely looks for its own tables in every schema unless told which one;
    // pin it so another schema in the same PostgreSQL database can't confuse it.
    ...(database.schema !== undefined ? { migrationTableSchema: database.schema } : {}),
  });

  let outcome = await migrator.migrateToLatest();
  // Kysely's Migrator finds its tables by introspecting every schema of the database; another
  // schema dropped at that moment (parallel test suites share one database) fails the catalog
  // query with 3F000/42703 before any migration ran. That is not our schema's problem: try again.
  for (let attempt = 1; attempt < 5 && isCatalogRace(outcome); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    outcome = await migrator.migrateToLatest();
  }
  const { error, results = [] } = outcome;
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const code = errorCodeOf(error);
    throw new StartupError(
      StartupErrorCode.migrationFailed,
      `${failed !== undefined ? `Database migration ${failed}` : 'Updating the database schema'} failed${code !== undefined ? ` (${code})` : ''}: ${reason}. The database was left as it was before; fix the cause and restart`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
}
