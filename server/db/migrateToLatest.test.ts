import { sql } from 'kysely';
import type { Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../errors.js';
import type { DatabaseHandle } from './DatabaseHandle.js';
import { removeTempDirs } from '../test/tempDir.js';
import { openTestDatabase, testDatabaseTargets } from '../test/testDatabases.js';
import { migrateToLatest } from './migrateToLatest.js';
import { migrations } from './migrations/index.js';

afterAll(removeTempDirs);

/** Tables in this database's own schema (PostgreSQL introspection sees every schema). */
async function tableNames(database: DatabaseHandle): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables.filter((table) => table.schema === database.schema).map((table) => table.name);
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`migrateToLatest on ${kind}`, () => {
    it('applies every migration once, then does nothing', async () => {
      const { database, cleanup } = await openTestDatabase(kind);
      try {
        expect(await migrateToLatest(database)).toEqual(Object.keys(migrations));
        expect(await migrateToLatest(database)).toEqual([]);

        const { rows } = await sql<{
          name: string;
        }>`select name from kysely_migration order by name`.execute(database.db);
        expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations));

        // The meta table exists and works the same on both dialects.
        await database.db.insertInto('meta').values({ key: 'k', value: 'v' }).execute();
        const row = await database.db
          .selectFrom('meta')
          .selectAll()
          .where('key', '=', 'k')
          .executeTakeFirst();
        expect(row).toEqual({ key: 'k', value: 'v' });
      } finally {
        await cleanup();
      }
    });

    it('reports a failing migration as a StartupError and applies nothing of it', async () => {
      const { database, cleanup } = await openTestDatabase(kind);
      try {
        const broken: Migration = {
          up: async (db) => {
            await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
            await sql`select * from no_such_table`.execute(db);
          },
        };
        const failure = await migrateToLatest(database, {
          ...migrations,
          '999_broken': broken,
        }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(StartupError);
        expect(failure).toMatchObject({ code: 'migration-failed' });
        expect((failure as StartupError).message).toMatch(
          /^Database migration 999_broken failed .*no_such_table.*; fix the cause and restart$/,
        );
        // The whole run is one transaction on both dialects: nothing of it remains.
        const tables = await tableNames(database);
        expect(tables).not.toContain('half_done');
        expect(tables).not.toContain('meta');
        // Fixed, it applies cleanly.
        expect(await migrateToLatest(database)).toEqual(Object.keys(migrations));
      } finally {
        await cleanup();
      }
    });

    it('keeps migration state per database (a fresh one starts from scratch)', async () => {
      const first = await openTestDatabase(kind);
      const second = await openTestDatabase(kind);
      try {
        expect(await migrateToLatest(first.database)).toHaveLength(Object.keys(migrations).length);
        expect(await migrateToLatest(second.database)).toHaveLength(Object.keys(migrations).length);
      } finally {
        await first.cleanup();
        await second.cleanup();
      }
    });
  });
}
