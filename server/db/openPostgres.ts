// PostgreSQL storage: a pg pool behind Kysely's PostgresDialect. Connectivity is
// checked at open so a wrong DATABASE_URL fails start-up with one clear line
// rather than the first request.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { errorCodeOf, StartupError, StartupErrorCode } from '../errors.js';
import type { DatabaseHandle, OpenDatabaseOptions } from './DatabaseHandle.js';
import type { Database } from './schema.js';

const CONNECT_TIMEOUT_MS = 10_000;
const POOL_SIZE = 10;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `host:port` of a connection string, for messages; never the password. */
export function postgresTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}

function databaseName(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  } catch {
    return '';
  }
}

function connectFailure(target: string, error: unknown): StartupError {
  // A DatabaseError means the server answered: wrong user, password or database.
  if (error instanceof pg.DatabaseError) {
    return new StartupError(
      StartupErrorCode.databaseUnreachable,
      `PostgreSQL at ${target} refused the connection (${error.code ?? 'error'}: ${error.message}): check the user, password and database name in DATABASE_URL`,
      { cause: error },
    );
  }
  const code = errorCodeOf(error) ?? 'no answer';
  return new StartupError(
    StartupErrorCode.databaseUnreachable,
    `Cannot connect to PostgreSQL at ${target} (${code}): check DATABASE_URL and that the server is running`,
    { cause: error },
  );
}

export async function openPostgres(
  databaseUrl: string,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  const { pgSchema } = options;
  if (pgSchema !== undefined && !SCHEMA_NAME.test(pgSchema)) {
    throw new StartupError(
      StartupErrorCode.invalidConfig,
      `Invalid PostgreSQL schema name "${pgSchema}": use lowercase letters, digits and _`,
    );
  }
  const target = postgresTarget(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: POOL_SIZE,
    application_name: 'tideline',
    // bigint columns (versions, times in ms) stay far below 2^53: read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(pgSchema !== undefined ? { options: `-c search_path=${pgSchema}` } : {}),
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  // Every check goes through Kysely so its driver is initialised: Kysely's
  // destroy() skips (and so never ends the pool of) a driver it never used.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let schema: string;
  try {
    await sql`select 1`.execute(db);
    if (pgSchema !== undefined) {
      await sql`create schema if not exists ${sql.id(pgSchema)}`.execute(db);
    }
    const { rows } = await sql<{
      schema: string | null;
    }>`select current_schema() as schema`.execute(db);
    schema = rows[0]?.schema ?? 'public';
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw connectFailure(target, error);
  }

  const description = `PostgreSQL ${target}/${databaseName(databaseUrl)} (schema ${schema})`;
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect: 'postgres',
    schema,
    describe: () => description,
    close: () => (closing ??= db.destroy()),
  };
}
