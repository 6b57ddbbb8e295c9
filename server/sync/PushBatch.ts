// The unit of work of one push. Mutators read and write entries through it; it keeps the
// current state of every entry the push touches in memory and writes it back in a few multi-row
// statements at the end, so a batch of 100 mutations costs a handful of queries, not hundreds.
//
//   prefetch(ids)      one query for every entry the batch names
//   access(notebook)   the writer's role, looked up once per notebook
//   takeVersion(nb)    the first call bumps the notebook's row (taking its lock until commit);
//                      later calls count on in memory; flush() writes the final version
//   entry / save       read and change entries in memory
//   flush()            inserts new entries, updates changed ones, adds history, stores versions
//
// Everything happens inside the push's transaction, so a failure leaves no trace.
import type { Insertable, Transaction } from 'kysely';
import type { DatabaseKind } from '../../src/protocol/health.js';
import type { Role } from '../../src/protocol/roles.js';
import { insertEntriesQuery, selectEntriesQuery } from './bulkEntrySql.js';
import type { Database, EntryHistoryTable } from '../db/schema.js';
import type { EntryRow } from './entryRow.js';

export interface NotebookAccess {
  id: string;
  role: Role;
}

const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class PushBatch {
  /** Entries by id as this batch sees them; null when known not to exist. */
  private readonly entries = new Map<string, EntryRow | null>();
  private readonly created = new Set<string>();
  private readonly changed = new Set<string>();
  private readonly accessCache = new Map<string, NotebookAccess | null>();
  private readonly versions = new Map<string, number>();
  private history: Insertable<EntryHistoryTable>[] = [];

  constructor(
    readonly tx: Transaction<Database>,
    readonly dialect: DatabaseKind,
    readonly userId: string,
    readonly now: number,
  ) {}

  async prefetch(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.entries.has(id));
    for (const part of chunks(missing)) {
      const { rows } = await this.tx.executeQuery(selectEntriesQuery(this.dialect, part));
      for (const id of part) this.entries.set(id, null);
      for (const row of rows) this.entries.set(row.id, row);
    }
  }

  async entry(id: string): Promise<EntryRow | undefined> {
    if (!this.entries.has(id)) await this.prefetch([id]);
    return this.entries.get(id) ?? undefined;
  }

  /** Records an entry's new state (a new entry or a change to one). */
  save(row: EntryRow): void {
    const known = this.entries.get(row.id);
    if (known === undefined || known === null) {
      if (!this.created.has(row.id) && known === undefined) {
        throw new Error(`PushBatch.save: entry ${row.id} was never looked up`);
      }
      this.created.add(row.id);
    } else if (!this.created.has(row.id)) {
      this.changed.add(row.id);
    }
    this.entries.set(row.id, row);
  }

  addHistory(rows: Insertable<EntryHistoryTable>[]): void {
    this.history.push(...rows);
  }

  /** The writer's role in a live notebook, or undefined when they are not a member of one. */
  async access(notebookId: string): Promise<NotebookAccess | undefined> {
    if (!this.accessCache.has(notebookId)) {
      const row = await this.tx
        .selectFrom('notebooks')
        .innerJoin('memberships', 'memberships.notebook_id', 'notebooks.id')
        .select(['notebooks.id', 'memberships.role'])
        .where('notebooks.id', '=', notebookId)
        .where('memberships.user_id', '=', this.userId)
        .where('notebooks.deleted_at', 'is', null)
        .executeTakeFirst();
      this.accessCache.set(notebookId, row ? { id: row.id, role: row.role } : null);
    }
    return this.accessCache.get(notebookId) ?? undefined;
  }

  /** Forgets what the batch knew of a notebook (after it was created or deleted). */
  setAccess(notebookId: string, access: NotebookAccess | null): void {
    this.accessCache.set(notebookId, access);
  }

  async takeVersion(notebookId: string): Promise<number> {
    const current = this.versions.get(notebookId);
    if (current !== undefined) {
      this.versions.set(notebookId, current + 1);
      return current + 1;
    }
    // The UPDATE holds the notebook's row lock until commit, so versions of one notebook commit
    // in order on PostgreSQL (SQLite has a single writer).
    const row = await this.tx
      .updateTable('notebooks')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', notebookId)
      .returning('version')
      .executeTakeFirstOrThrow();
    const version = Number(row.version);
    this.versions.set(notebookId, version);
    return version;
  }

  /** History items of an entry with their stored ids, including ones this batch added. */
  async conflictHistory(entryId: string) {
    await this.flush();
    return this.tx
      .selectFrom('entry_history')
      .select(['id', 'field', 'value'])
      .where('entry_id', '=', entryId)
      .where('conflict', '=', 1)
      .orderBy('id', 'asc')
      .execute();
  }

  async flush(): Promise<void> {
    const created = [...this.created].map((id) => this.entries.get(id) as EntryRow);
    for (const part of chunks(created, 100)) {
      await this.tx.executeQuery(insertEntriesQuery(this.dialect, part));
    }
    for (const id of this.changed) {
      const { id: _id, ...row } = this.entries.get(id) as EntryRow;
      await this.tx.updateTable('entries').set(row).where('id', '=', id).execute();
    }
    for (const part of chunks(this.history, 100)) {
      await this.tx.insertInto('entry_history').values(part).execute();
    }
    for (const [notebookId, version] of this.versions) {
      await this.tx
        .updateTable('notebooks')
        .set({ version })
        .where('id', '=', notebookId)
        .execute();
    }
    // What is written is now the database's; new changes start a fresh unit of work.
    for (const id of this.created) this.entries.delete(id);
    for (const row of created) this.entries.set(row.id, row);
    this.created.clear();
    this.changed.clear();
    this.history = [];
    this.versions.clear();
  }
}
