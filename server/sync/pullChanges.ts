// Answers a pull (DESIGN.md, "Pull"): every notebook the user belongs to, the ones the client
// should drop, and per notebook the entries changed after the client's cursor in version order,
// paged across notebooks by one entry budget.
//
// Cursors carry the purge horizon the client last saw. A cursor below the notebook's current
// horizon, taken before that horizon moved, may have missed purged tombstones: that notebook is
// sent afresh with `resetRequired`. A fresh copy (cursor 0) skips tombstones altogether; its
// later pages continue from the page's cursor and see every deletion made meanwhile.
import { Limits } from '../../src/protocol/limits.js';
import type { Role } from '../../src/protocol/roles.js';
import type { EntryRecord } from '../../src/protocol/entry.js';
import type {
  Cursor,
  NotebookChanges,
  PullRequest,
  PullResponse,
} from '../../src/protocol/sync.js';
import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';
import { clientMismatch, unseenRejections } from './clients.js';
import { entryAttachments } from './entryAttachments.js';
import { toRecord } from './entryRow.js';
import { withRetry } from './withRetry.js';

const FRESH: Cursor = { version: 0, horizon: 0 };

export async function pullChanges(
  database: DatabaseHandle,
  userId: string,
  request: PullRequest,
): Promise<PullResponse> {
  // One snapshot for every read, so a purge or a push committing meanwhile cannot make the
  // notebook list, the entries and the horizons disagree.
  const transaction =
    database.dialect === 'postgres'
      ? database.db.transaction().setIsolationLevel('repeatable read')
      : database.db.transaction();
  // Acknowledging rejections writes, so two pulls of one client may collide: retry those.
  return withRetry(database, () => transaction.execute((db) => readChanges(db, userId, request)));
}

async function readChanges(
  db: Transaction<Database>,
  userId: string,
  request: PullRequest,
): Promise<PullResponse> {
  const client = await db
    .selectFrom('sync_clients')
    .select(['user_id', 'last_mutation_id'])
    .where('client_id', '=', request.clientId)
    .executeTakeFirst();
  // Checked before anything is written: a refused pull changes nothing.
  if (client && client.user_id !== userId) throw clientMismatch();
  if (client && request.ackRejections?.length) {
    await db
      .deleteFrom('rejections')
      .where('client_id', '=', request.clientId)
      .where('mutation_id', 'in', request.ackRejections)
      .execute();
  }

  const notebooks = await liveMemberships(db, userId)
    .select([
      'notebooks.id',
      'notebooks.name',
      'notebooks.owner_id',
      'notebooks.version',
      'notebooks.purged_through',
      'notebooks.created_at',
      'memberships.role',
    ])
    .orderBy('notebooks.id')
    .execute();
  const visible = new Set(notebooks.map((notebook) => notebook.id));

  const budget: PageBudget = {
    entries: request.limit ?? Limits.pullPageDefault,
    bytes: Limits.pullPageBytes,
    sent: 0,
  };
  const changes: NotebookChanges[] = [];
  for (const notebook of notebooks) {
    const version = Number(notebook.version);
    const horizon = Number(notebook.purged_through);
    const cursor = request.cursors[notebook.id] ?? FRESH;
    const resetRequired =
      cursor.version > 0 && cursor.version < horizon && cursor.horizon < horizon;
    const from = resetRequired ? 0 : cursor.version;
    if (!resetRequired && from >= version) continue;
    const { entries, hasMore } = await readPage(db, notebook.id, from, version, budget);
    const last = entries.at(-1);
    changes.push({
      notebookId: notebook.id,
      entries,
      // A page cut short continues after its last entry; an empty one where it was.
      cursor: !hasMore ? { version, horizon } : last ? { version: last.version, horizon } : cursor,
      hasMore,
      resetRequired,
    });
  }

  return {
    notebooks: notebooks.map((notebook) => ({
      id: notebook.id,
      name: notebook.name,
      role: notebook.role as Role,
      ownerId: notebook.owner_id,
      version: Number(notebook.version),
      createdAt: Number(notebook.created_at),
    })),
    removedNotebooks: Object.keys(request.cursors).filter((id) => !visible.has(id)),
    changes,
    hasMore: changes.some((change) => change.hasMore),
    lastMutationId: client ? Number(client.last_mutation_id) : 0,
    rejections: client ? await unseenRejections(db, request.clientId) : [],
  };
}

/** What is left of one pull's page: entries, bytes of entry JSON, and entries already taken. */
interface PageBudget {
  entries: number;
  bytes: number;
  sent: number;
}

/** Rows read from the database at a time, so a page of large entries is not held twice over. */
const READ_CHUNK = 100;

/**
 * A notebook's entries with versions in (from, through], in version order, until the budget's
 * entries or bytes run out. The response always carries at least one entry, however large, so a
 * pull always moves forward.
 */
async function readPage(
  db: Transaction<Database>,
  notebookId: string,
  from: number,
  through: number,
  budget: PageBudget,
): Promise<{ entries: EntryRecord[]; hasMore: boolean }> {
  const entries: EntryRecord[] = [];
  let after = from;
  for (;;) {
    if (budget.entries === 0 || budget.bytes <= 0) return { entries, hasMore: true };
    const want = Math.min(budget.entries, READ_CHUNK);
    let query = db
      .selectFrom('entries')
      .selectAll()
      .where('notebook_id', '=', notebookId)
      .where('version', '>', after)
      // Versions above the one read a moment ago belong to the next pull (no change twice).
      .where('version', '<=', through)
      .orderBy('version', 'asc')
      .limit(want + 1);
    // A fresh copy needs no tombstones.
    if (from === 0) query = query.where('deleted', '=', 0);
    const rows = await query.execute();
    const chunk = rows.slice(0, want);
    const attachments = await entryAttachments(
      db,
      chunk.filter((row) => Number(row.deleted) === 0).map((row) => row.id),
    );
    for (const row of chunk) {
      const record = toRecord(row, attachments.get(row.id));
      const bytes = Buffer.byteLength(JSON.stringify(record));
      if (bytes > budget.bytes && budget.sent > 0) return { entries, hasMore: true };
      entries.push(record);
      budget.entries -= 1;
      budget.bytes -= bytes;
      budget.sent += 1;
      after = Number(row.version);
    }
    if (rows.length <= want) return { entries, hasMore: false };
  }
}
