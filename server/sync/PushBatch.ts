// The unit of work of one push. Mutators read and write entries through it; it keeps the
// current state of every entry the push touches in memory and writes it back in a few multi-row
// statements at the end, so a batch of 100 mutations costs a handful of queries, not hundreds.
//
//   prefetch(ids)      one query for every entry the batch names
//   access(notebook)   the writer's role, looked up once per notebook
//   prefetchNotebooks  the writer's roles, and the notebooks' versions read under their row locks
//                      (in id order) — held until commit, so versions commit in order
//   takeVersion(nb)    counts on in memory from there (or bumps the row itself when the notebook
//                      was not prefetched); flush() writes the final version
//   entry / save       read and change entries in memory
//   flush()            inserts new entries, updates changed ones, adds history, stores versions,
//                      and reschedules the reminders of tasks whose due time or state moved
//
// Everything happens inside the push's transaction, so a failure leaves no trace.
import type { Insertable, Transaction } from 'kysely';
import type { DatabaseKind } from '../../src/protocol/health.js';
import type { Role } from '../../src/protocol/roles.js';
import { insertEntriesQuery, selectEntriesQuery } from './bulkEntrySql.js';
import type { Database, EntryHistoryTable } from '../db/schema.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';
import { syncTaskReminders } from '../push/taskReminders.js';
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
  /** Versions assigned in this unit of work, written back by flush(). */
  private readonly versions = new Map<string, number>();
  /** Versions read (and locked) by prefetchNotebooks, or written by an earlier flush. */
  private readonly lockedVersions = new Map<string, number>();
  private history: Insertable<EntryHistoryTable>[] = [];
  /** Entries that had or have a due time: their reminders follow them at flush(). */
  private readonly dueTouched = new Set<string>();

  /**
   * When the mutation being applied was made: the writer's time (`at`), but never later than
   * the server's clock. Set by applyPush before each mutation; the push's time without one.
   */
  writtenAt: number;

  constructor(
    readonly tx: Transaction<Database>,
    readonly dialect: DatabaseKind,
    readonly userId: string,
    readonly now: number,
  ) {
    this.writtenAt = now;
  }

  /** The update time of an entry changed now: when it was written, and never back in time. */
  updateTime(existing: { updated_at: number | string | bigint } | undefined): number {
    return Math.max(existing ? Number(existing.updated_at) : 0, this.writtenAt);
  }

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
    if ((known !== undefined && known !== null && known.due_at !== null) || row.due_at !== null) {
      this.dueTouched.add(row.id);
    }
    this.entries.set(row.id, row);
  }

  addHistory(rows: Insertable<EntryHistoryTable>[]): void {
    this.history.push(...rows);
  }

  /** The writer's role in a live notebook, or undefined when they are not a member of one. */
  async access(notebookId: string): Promise<NotebookAccess | undefined> {
    if (!this.accessCache.has(notebookId)) {
      const row = await liveMemberships(this.tx, this.userId)
        .select(['notebooks.id', 'memberships.role'])
        .where('notebooks.id', '=', notebookId)
        .executeTakeFirst();
      this.accessCache.set(notebookId, row ? { id: row.id, role: row.role } : null);
    }
    return this.accessCache.get(notebookId) ?? undefined;
  }

  /** Forgets what the batch knew of a notebook (after it was created or deleted). */
  setAccess(notebookId: string, access: NotebookAccess | null): void {
    this.accessCache.set(notebookId, access);
  }

  /**
   * Looks up the writer's role in each notebook the batch names, and reads their versions under
   * the rows' locks (taken in id order on PostgreSQL, so two pushes cannot deadlock on them).
   */
  async prefetchNotebooks(ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.accessCache.has(id)).sort();
    for (const part of chunks(wanted)) {
      const members = await liveMemberships(this.tx, this.userId)
        .select(['notebooks.id', 'memberships.role'])
        .where('notebooks.id', 'in', part)
        .execute();
      for (const id of part) this.accessCache.set(id, null);
      for (const row of members) this.accessCache.set(row.id, { id: row.id, role: row.role });
      const writable = members.map((row) => row.id).sort();
      if (writable.length === 0) continue;
      let query = this.tx
        .selectFrom('notebooks')
        .select(['id', 'version'])
        .where('id', 'in', writable)
        .orderBy('id');
      if (this.dialect === 'postgres') query = query.forUpdate();
      for (const row of await query.execute()) this.lockedVersions.set(row.id, Number(row.version));
    }
  }

  async takeVersion(notebookId: string): Promise<number> {
    let version = this.versions.get(notebookId) ?? this.lockedVersions.get(notebookId);
    if (version === undefined) {
      // Not prefetched: the UPDATE takes the row lock and the next version in one statement.
      const row = await this.tx
        .updateTable('notebooks')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', notebookId)
        .returning('version')
        .executeTakeFirstOrThrow();
      version = Number(row.version);
    } else {
      version += 1;
    }
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
      this.lockedVersions.set(notebookId, version);
    }
    if (this.dueTouched.size > 0) {
      const rows = [...this.dueTouched].map((id) => this.entries.get(id) as EntryRow);
      await syncTaskReminders(this.tx, rows, this.now);
      this.dueTouched.clear();
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
