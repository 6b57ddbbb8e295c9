import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../errors.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { freshSchemaName, dropSchema, TEST_DATABASE_URL } from '../test/testDatabases.js';
import { openDatabase } from './openDatabase.js';

afterAll(removeTempDirs);

async function openFailure(...args: Parameters<typeof openDatabase>): Promise<StartupError> {
  try {
    const database = await openDatabase(...args);
    await database.close();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('expected openDatabase to fail');
}

describe('openDatabase with SQLite', () => {
  it('creates the data directory and a WAL database with foreign keys on', async () => {
    const dataDir = join(makeTempDir(), 'nested', 'data');
    const database = await openDatabase({ databaseUrl: undefined, dataDir });
    try {
      expect(database.dialect).toBe('sqlite');
      expect(database.describe()).toBe(`SQLite ${join(dataDir, 'tideline.db')}`);
      const pragma = async (name: string) =>
        (
          await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(database.db)
        ).rows.map((row) => Object.values(row)[0])[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    } finally {
      await database.close();
      await database.close(); // closing twice is harmless
    }
  });

  it('reports a data directory under a regular file as not writable', async () => {
    const file = join(makeTempDir(), 'a-file');
    writeFileSync(file, '');
    const error = await openFailure({ databaseUrl: undefined, dataDir: join(file, 'data') });
    expect(error.code).toBe('data-dir-unwritable');
    expect(error.message).toBe(
      `Data directory ${join(file, 'data')} is not writable (ENOTDIR): set DATA_DIR to a writable directory`,
    );
  });

  it('reports a data directory that is a file as not writable', async () => {
    const file = join(makeTempDir(), 'a-file');
    writeFileSync(file, '');
    const error = await openFailure({ databaseUrl: undefined, dataDir: file });
    expect(error.code).toBe('data-dir-unwritable');
    expect(error.message).toMatch(/is not writable \((EEXIST|ENOTDIR)\)/);
  });

  it('reports a database file that is not a database', async () => {
    const dataDir = makeTempDir();
    mkdirSync(join(dataDir, 'tideline.db'));
    const error = await openFailure({ databaseUrl: undefined, dataDir });
    expect(error.code).toBe('database-open-failed');
    expect(error.message).toMatch(/^Cannot open the SQLite database .*tideline\.db \(SQLITE_/);
  });
});

describe('openDatabase with an unreachable PostgreSQL', () => {
  it('fails with one line naming host and port but never the password', async () => {
    const error = await openFailure({
      databaseUrl: 'postgres://tideline:s3cret-pw@127.0.0.1:1/tideline',
      dataDir: makeTempDir(),
    });
    expect(error.code).toBe('database-unreachable');
    expect(error.message).toBe(
      'Cannot connect to PostgreSQL at 127.0.0.1:1 (ECONNREFUSED): check DATABASE_URL and that the server is running',
    );
    expect(error.message).not.toContain('s3cret-pw');
  });
});

describe.runIf(TEST_DATABASE_URL)('openDatabase with PostgreSQL', () => {
  const databaseUrl = TEST_DATABASE_URL ?? '';

  it('connects, creating and using its own schema', async () => {
    const pgSchema = freshSchemaName();
    const database = await openDatabase({ databaseUrl, dataDir: '' }, { pgSchema });
    try {
      expect(database.dialect).toBe('postgres');
      expect(database.schema).toBe(pgSchema);
      expect(database.describe()).toContain(`(schema ${pgSchema})`);
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        database.db,
      );
      expect(rows[0]?.schema).toBe(pgSchema);
    } finally {
      await database.close();
      await dropSchema(databaseUrl, pgSchema);
    }
  });

  it('reports a database that does not exist, naming the cause', async () => {
    const url = new URL(databaseUrl);
    url.pathname = '/tideline_no_such_database';
    const error = await openFailure({ databaseUrl: url.href, dataDir: '' });
    expect(error.code).toBe('database-unreachable');
    expect(error.message).toMatch(/refused the connection \(3D000: .*does not exist\)/);
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    const error = await openFailure({ databaseUrl, dataDir: '' }, { pgSchema: 'x; drop table y' });
    expect(error.code).toBe('invalid-config');
  });
});
