// Pulls every notebook's changes in one request per page (all cursors at once) and applies each
// page in its own transaction (applyPullPage.ts) until the server has nothing more — or, for a
// caller that hands large downloads to the sync worker (the page's engine), until the first page
// shows a backlog above `handOffAbove`: then the whole download is left for the worker, that
// first page included (storing it here would be one long task on the page's thread).
import type { Cursor, PullResponse } from '../protocol/sync';
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
  /**
   * Stop at the first page, storing nothing, when more than this many versions are still to
   * come (the notebooks' versions past our cursors): such a download belongs in the sync worker.
   */
  handOffAbove?: number;
}

export interface PullResult {
  /** Entries and tombstones applied. */
  pulled: number;
  pages: number;
  /** Stopped at the first page for `handOffAbove`, which was not stored: it is all still to come. */
  handedOff?: boolean;
}

/** Enough pages for a notebook of millions of entries; more means the server is looping. */
const MAX_PAGES = 10_000;

async function storedCursors(db: TidelineDB): Promise<Record<string, Cursor>> {
  const cursors: Record<string, Cursor> = {};
  for (const row of await db.cursors.toArray()) {
    cursors[row.notebookId] = { version: row.version, horizon: row.horizon };
  }
  return cursors;
}

/** The cursors applyPullPage will store for this page, so the next request need not wait for it. */
function cursorsAfter(
  sent: Record<string, Cursor>,
  response: PullResponse,
): Record<string, Cursor> {
  const next = { ...sent };
  for (const id of response.removedNotebooks) delete next[id];
  for (const change of response.changes) {
    next[change.notebookId] =
      change.resetRequired && change.entries.length === 0 && change.hasMore
        ? { version: 0, horizon: 0 }
        : change.cursor;
  }
  return next;
}

/**
 * Pages are fetched one ahead: while page N is written to IndexedDB, page N+1 is already on its
 * way (its cursors follow from page N's response alone). A page that carries rejections is
 * applied first, so their acknowledgement rides on the next request as usual.
 */
export async function pullChanges(
  deps: { db: TidelineDB; transport: Transport },
  options: PullOptions = {},
): Promise<PullResult> {
  const { db, transport } = deps;
  const clientId = await getClientId(db);
  const request = (cursors: Record<string, Cursor>, acks: number[]) =>
    transport.pull({
      clientId,
      cursors,
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(acks.length > 0 && { ackRejections: acks }),
    });
  let pulled = 0;
  let total: number | undefined;
  let cursors = await storedCursors(db);
  let acks = await pendingRejectionAcks(db);
  let inflight = request(cursors, acks);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await inflight;
    const sent = { cursors, ackedRejections: acks };
    total ??= response.notebooks.reduce(
      (sum, notebook) =>
        sum + Math.max(0, notebook.version - (sent.cursors[notebook.id]?.version ?? 0)),
      0,
    );
    const handOff =
      response.hasMore && options.handOffAbove !== undefined && total > options.handOffAbove;
    // Left whole to the worker, which fetches this page again in its own, larger pages.
    if (handOff) return { pulled: 0, pages: page, handedOff: true };
    let prefetched = false;
    if (response.hasMore && response.rejections.length === 0) {
      cursors = cursorsAfter(sent.cursors, response);
      acks = [];
      inflight = request(cursors, acks);
      // Awaited on the next turn; if this page fails to apply, its failure is the one reported.
      inflight.catch(() => undefined);
      prefetched = true;
    }
    await applyPullPage(db, response, sent);
    const count = response.changes.reduce((sum, change) => sum + change.entries.length, 0);
    pulled += count;
    total = Math.max(total, pulled);
    options.onProgress?.({ phase: 'pull', done: pulled, total: response.hasMore ? total : pulled });
    if (!response.hasMore) return { pulled, pages: page };
    if (!prefetched) {
      cursors = await storedCursors(db);
      acks = await pendingRejectionAcks(db);
      inflight = request(cursors, acks);
    }
  }
  throw new ProtocolError({
    status: 0,
    code: 'pull-endless',
    message: `The server kept sending more changes after ${MAX_PAGES} pages.`,
  });
}
