// Pulls every notebook's changes in one request per page (all cursors at once) and applies each
// page in its own transaction (applyPullPage.ts) until the server has nothing more.
import type { Cursor } from '../protocol/sync';
import type { TidelineDB } from '../db/db';
import { applyPullPage } from './applyPullPage';
import { ProtocolError } from './errors';
import { getClientId } from './getClientId';
import { pendingRejectionAcks } from './pushOutbox';
import type { Transport } from './Transport';

export interface PullProgress {
  phase: 'pull';
  /** Entries applied so far. */
  done: number;
  /** An estimate: the versions between our cursors and the notebooks' current versions. */
  total: number;
}

export interface PullOptions {
  /** Entries per page (default: the server's, Limits.pullPageDefault). */
  limit?: number;
  onProgress?: (progress: PullProgress) => void;
}

export interface PullResult {
  /** Entries and tombstones applied. */
  pulled: number;
  pages: number;
}

/** Enough pages for a notebook of millions of entries; more means the server is looping. */
const MAX_PAGES = 10_000;

export async function pullChanges(
  deps: { db: TidelineDB; transport: Transport },
  options: PullOptions = {},
): Promise<PullResult> {
  const { db, transport } = deps;
  const clientId = await getClientId(db);
  let pulled = 0;
  let total: number | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const cursors: Record<string, Cursor> = {};
    for (const row of await db.cursors.toArray()) {
      cursors[row.notebookId] = { version: row.version, horizon: row.horizon };
    }
    const acks = await pendingRejectionAcks(db);
    const response = await transport.pull({
      clientId,
      cursors,
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(acks.length > 0 && { ackRejections: acks }),
    });
    await applyPullPage(db, response, { cursors, ackedRejections: acks });
    const count = response.changes.reduce((sum, change) => sum + change.entries.length, 0);
    total ??= response.notebooks.reduce(
      (sum, notebook) => sum + Math.max(0, notebook.version - (cursors[notebook.id]?.version ?? 0)),
      0,
    );
    pulled += count;
    total = Math.max(total, pulled);
    options.onProgress?.({ phase: 'pull', done: pulled, total: response.hasMore ? total : pulled });
    if (!response.hasMore) return { pulled, pages: page };
  }
  throw new ProtocolError({
    status: 0,
    code: 'pull-endless',
    message: `The server kept sending more changes after ${MAX_PAGES} pages.`,
  });
}
