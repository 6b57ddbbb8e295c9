// The database schema as Kysely sees it: one interface per table, added to by
// each migration in migrations/. Queries are typed against `Database`.

/** Small server-wide facts (e.g. generated keys), one row per key. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  meta: MetaTable;
}
