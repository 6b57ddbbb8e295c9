// The databases server tests run against: SQLite always, PostgreSQL when
// TEST_DATABASE_URL is set. Each PostgreSQL suite gets its own fresh schema in
// that database, dropped again by `cleanup`, so suites never see each other.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseKind } from '../../src/protocol/health.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { openDatabase } from '../db/openDatabase.js';
import { makeTempDir } from './tempDir.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabaseTarget {
  kind: DatabaseKind;
  /** False when the database isn't available here (PostgreSQL without TEST_DATABASE_URL). */
  enabled: boolean;
}

export const testDatabaseTargets: readonly TestDatabaseTarget[] = [
  { kind: 'sqlite', enabled: true },
  { kind: 'postgres', enabled: TEST_DATABASE_URL !== undefined },
];

/** Every database with each file store: the upload and file tests run on all four. */
export const testStoreTargets = testDatabaseTargets.flatMap((database) =>
  (['disk', 's3'] as const).map((storeKind) => ({ ...database, storeKind })),
);

/** Where a test database lives; pass `config` and `options` to openDatabase or startServer. */
export interface TestDatabaseLocation {
  config: { databaseUrl: string | undefined; dataDir: string };
  options: { pgSchema?: string };
  /** Drops the PostgreSQL schema (SQLite's directory goes with removeTempDirs). */
  cleanup(): Promise<void>;
}

export function freshSchemaName(): string {
  return `tideline_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

export function testDatabaseLocation(kind: DatabaseKind): TestDatabaseLocation {
  const dataDir = makeTempDir('tideline-data-');
  if (kind === 'sqlite') {
    return { config: { databaseUrl: undefined, dataDir }, options: {}, cleanup: async () => {} };
  }
  if (TEST_DATABASE_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const databaseUrl = TEST_DATABASE_URL;
  const pgSchema = freshSchemaName();
  return {
    config: { databaseUrl, dataDir },
    options: { pgSchema },
    cleanup: () => dropSchema(databaseUrl, pgSchema),
  };
}

/** Opens a fresh database of `kind`; `cleanup` closes it and drops what it made. */
export async function openTestDatabase(
  kind: DatabaseKind,
): Promise<{ database: DatabaseHandle; location: TestDatabaseLocation; cleanup(): Promise<void> }> {
  const location = testDatabaseLocation(kind);
  const database = await openDatabase(location.config, location.options);
  return {
    database,
    location,
    cleanup: async () => {
      await database.close();
      await location.cleanup();
    },
  };
}
