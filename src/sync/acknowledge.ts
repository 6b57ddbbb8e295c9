// Takes the server's word on the outbox, from a push or a pull response: every mutation with an
// id at or below `lastMutationId` is done. Applied ones are folded into their entity's base (the
// server holds them now); rejected ones move to the dead letters with the server's reason and
// drop out of the view, so the entity rolls back to server state plus whatever is still pending.
// Both leave the outbox in the same transaction, and nothing else ever takes a row out of it.
//
// A rejection is acknowledged back to the server (`ackRejections`) only after it is stored here:
// its id joins `meta.rejectionsToAck`, which the next request carries, and leaves that list once
// a response to such a request has been applied.
import type { Rejection } from '../protocol/sync';
import type { DeadLetterRow, LooseOutboxRow, OutboxRow, TidelineDB } from '../db/db';
import { currentUserId, getMeta, setMeta } from '../db/meta';
import { applyToEntry, applyToNotebook, isNotebookMutation } from './applyMutation';
import { entryBaseOf } from './entryRow';
import { notebookBaseOf, pendingForAll, rebaseEntry, rebaseNotebook } from './localView';

export interface Acknowledgement {
  lastMutationId: number;
  rejections: readonly Rejection[];
  /** Rejection ids the request carried as `ackRejections`: the server has forgotten them. */
  ackedRejections: readonly number[];
}

export interface AcknowledgeResult {
  /** Mutations the server applied (or skipped as already applied) that left the outbox. */
  applied: number;
  rejected: number;
}

/** The tables an acknowledgement reads and writes. */
export function acknowledgeTables(db: TidelineDB) {
  return [db.outbox, db.deadLetters, db.entries, db.notebooks, db.cursors, db.meta];
}

function deadLetter(row: Omit<LooseOutboxRow, 'seq'>, rejection: Rejection): DeadLetterRow {
  return {
    mutationId: row.mutationId,
    name: row.name,
    args: row.args,
    notebookId: row.notebookId,
    entityId: row.entityId,
    createdAt: row.createdAt,
    code: rejection.code,
    message: rejection.message,
    at: rejection.at,
  };
}

export async function acknowledge(
  db: TidelineDB,
  ack: Acknowledgement,
): Promise<AcknowledgeResult> {
  return db.transaction('rw', acknowledgeTables(db), async () => {
    const me = await currentUserId(db);
    const acked = new Set(ack.ackedRejections);
    const toAck = ((await getMeta(db, 'rejectionsToAck')) ?? []).filter((id) => !acked.has(id));
    const rejectionById = new Map(ack.rejections.map((r) => [r.mutationId, r]));

    const done = await db.outbox
      .where('mutationId')
      .belowOrEqual(ack.lastMutationId)
      .sortBy('mutationId');
    const appliedByEntity = new Map<string, { notebook: boolean; applied: OutboxRow[] }>();
    let applied = 0;
    let rejected = 0;
    for (const row of done) {
      const entity = appliedByEntity.get(row.entityId) ?? {
        notebook: isNotebookMutation(row.name),
        applied: [],
      };
      appliedByEntity.set(row.entityId, entity);
      const rejection = rejectionById.get(row.mutationId);
      if (rejection) {
        await db.deadLetters.add(deadLetter(row, rejection));
        toAck.push(row.mutationId);
        rejected += 1;
      } else {
        entity.applied.push(row);
        applied += 1;
      }
    }
    await db.outbox.bulkDelete(done.map((row) => row.seq as number));

    // A rejection with no outbox row behind it (its row left earlier, or this device lost it):
    // still show it, once, and acknowledge it.
    for (const rejection of ack.rejections) {
      if (rejection.mutationId > ack.lastMutationId) continue;
      if (toAck.includes(rejection.mutationId) || acked.has(rejection.mutationId)) continue;
      if (done.some((row) => row.mutationId === rejection.mutationId)) continue;
      if ((await db.deadLetters.where('mutationId').equals(rejection.mutationId).count()) > 0) {
        toAck.push(rejection.mutationId);
        continue;
      }
      await db.deadLetters.add(
        deadLetter(
          {
            mutationId: rejection.mutationId,
            name: rejection.name,
            args: null,
            notebookId: '',
            entityId: '',
            createdAt: rejection.at,
          },
          rejection,
        ),
      );
      toAck.push(rejection.mutationId);
      rejected += 1;
    }
    await setMeta(db, 'rejectionsToAck', toAck);

    const last = Math.max(ack.lastMutationId, (await getMeta(db, 'lastMutationId')) ?? 0);
    await setMeta(db, 'lastMutationId', last);
    // Never hand out an id the server already counts as done: it would skip it silently.
    const next = (await getMeta(db, 'nextMutationId')) ?? 1;
    if (next <= last) await setMeta(db, 'nextMutationId', last + 1);

    // Entries are read in two requests (their rows, and what stays pending for them) rather
    // than two per entry: a backlog of a thousand acknowledged writes is one pass.
    const entryIds: string[] = [];
    for (const [entityId, entity] of appliedByEntity) {
      if (entity.notebook) {
        let base = notebookBaseOf(await db.notebooks.get(entityId));
        for (const row of entity.applied) base = applyToNotebook(base, row, me);
        await rebaseNotebook(db, entityId, base, me);
      } else {
        entryIds.push(entityId);
      }
    }
    const previousRows = await db.entries.bulkGet(entryIds);
    const stillPending = await pendingForAll(db, entryIds);
    const notebooksHere = new Set(
      entryIds.length === 0 ? [] : await db.notebooks.toCollection().primaryKeys(),
    );
    for (const [index, entityId] of entryIds.entries()) {
      const previous = previousRows[index];
      let base = entryBaseOf(previous);
      for (const row of appliedByEntity.get(entityId)!.applied) base = applyToEntry(base, row, me);
      await rebaseEntry(db, entityId, base, me, {
        previous,
        pending: stillPending.get(entityId) ?? [],
        notebooksHere,
      });
    }
    return { applied, rejected };
  });
}
