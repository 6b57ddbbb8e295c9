// Precompiled SQL for the push's bulk statements. Building a 100-row INSERT through Kysely's
// query builder costs more than running it, so the statement text is generated once per dialect
// and row count and reused with CompiledQuery.raw (same SQL on SQLite and PostgreSQL but for the
// placeholder style). Column order is ENTRY_COLUMNS everywhere.
import { CompiledQuery } from 'kysely';
import type { DatabaseKind } from '../../src/protocol/health.js';
import type { EntryRow } from './entryRow.js';

export const ENTRY_COLUMNS = [
  'id',
  'notebook_id',
  'version',
  'deleted',
  'title',
  'body',
  'tags',
  'done',
  'location',
  'track',
  'due_at',
  'field_versions',
  'field_authors',
  'conflicted',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof EntryRow)[];

const cache = new Map<string, string>();

function placeholders(dialect: DatabaseKind, rows: number, width: number): string {
  const groups: string[] = [];
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < width; column++) {
      cells.push(dialect === 'postgres' ? `$${row * width + column + 1}` : '?');
    }
    groups.push(`(${cells.join(', ')})`);
  }
  return groups.join(', ');
}

function cached(key: string, build: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    text = build();
    cache.set(key, text);
  }
  return text;
}

export function insertEntriesQuery(
  dialect: DatabaseKind,
  rows: readonly EntryRow[],
): CompiledQuery {
  const text = cached(`insert:${dialect}:${rows.length}`, () => {
    const columns = ENTRY_COLUMNS.map((column) => `"${column}"`).join(', ');
    return `insert into "entries" (${columns}) values ${placeholders(dialect, rows.length, ENTRY_COLUMNS.length)}`;
  });
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of ENTRY_COLUMNS) parameters.push(row[column]);
  return CompiledQuery.raw(text, parameters);
}

export function selectEntriesQuery(
  dialect: DatabaseKind,
  ids: readonly string[],
): CompiledQuery<EntryRow> {
  const text = cached(`select:${dialect}:${ids.length}`, () => {
    const list =
      dialect === 'postgres'
        ? ids.map((_, index) => `$${index + 1}`).join(', ')
        : ids.map(() => '?').join(', ');
    return `select * from "entries" where "id" in (${list})`;
  });
  return CompiledQuery.raw(text, [...ids]) as CompiledQuery<EntryRow>;
}
