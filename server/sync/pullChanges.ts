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
import type {
  Cursor,
  NotebookChanges,
  PullRequest,
  PullResponse,
} from '../../src/protocol/sync.js';
import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import { clientMismatch, unseenRejections } from './clients.js';
import { entryAttachments } from './entryAttachments.js';
import { toRecord } from './entryRow.js';

const FRESH: Cursor = { version: 0, horizon: 0 };

export async function pullChanges(
  database: DatabaseHandle,
  userId: string,
  request: PullRequest,
): Promise<PullResponse> {
  if (request.ackRejections?.length) {
    await database.db
      .deleteFrom('rejections')
      .where('client_id', '=', request.clientId)
      .where('mutation_id', 'in', request.ackRejections)
      .execute();
  }
  // One snapshot for every read, so a purge or a push committing meanwhile cannot make the
  // notebook list, the entries and the horizons disagree.
  const transaction =
    database.dialect === 'postgres'
      ? database.db.transaction().setIsolationLevel('repeatable read')
      : database.db.transaction();
  return transaction.execute((db) => readChanges(db, userId, request));
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
  if (client && client.user_id !== userId) throw clientMismatch();

  const notebooks = await db
    .selectFrom('memberships')
    .innerJoin('notebooks', 'notebooks.id', 'memberships.notebook_id')
    .select([
      'notebooks.id',
      'notebooks.name',
      'notebooks.owner_id',
      'notebooks.version',
      'notebooks.purged_through',
      'notebooks.created_at',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .where('notebooks.deleted_at', 'is', null)
    .orderBy('notebooks.id')
    .execute();
  const visible = new Set(notebooks.map((notebook) => notebook.id));

  let budget = request.limit ?? Limits.pullPageDefault;
  const changes: NotebookChanges[] = [];
  for (const notebook of notebooks) {
    const version = Number(notebook.version);
    const horizon = Number(notebook.purged_through);
    const cursor = request.cursors[notebook.id] ?? FRESH;
    const resetRequired =
      cursor.version > 0 && cursor.version < horizon && cursor.horizon < horizon;
    const from = resetRequired ? 0 : cursor.version;
    if (!resetRequired && from >= version) continue;
    if (budget === 0) {
      changes.push({ notebookId: notebook.id, entries: [], cursor, hasMore: true, resetRequired });
      continue;
    }
    let query = db
      .selectFrom('entries')
      .selectAll()
      .where('notebook_id', '=', notebook.id)
      .where('version', '>', from)
      // Versions above the one read a moment ago belong to the next pull (no change twice).
      .where('version', '<=', version)
      .orderBy('version', 'asc')
      .limit(budget + 1);
    if (from === 0) query = query.where('deleted', '=', 0);
    const rows = await query.execute();
    const hasMore = rows.length > budget;
    const page = hasMore ? rows.slice(0, budget) : rows;
    budget -= page.length;
    const last = page.at(-1);
    const attachments = await entryAttachments(
      db,
      page.filter((row) => Number(row.deleted) === 0).map((row) => row.id),
    );
    changes.push({
      notebookId: notebook.id,
      entries: page.map((row) => toRecord(row, attachments.get(row.id))),
      cursor: { version: hasMore && last ? Number(last.version) : version, horizon },
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
