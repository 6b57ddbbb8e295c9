// Applies a client's push (DESIGN.md, "Push"). Mutations run in id order:
//
//   id <= lastMutationId      skipped: already applied or rejected (a retried push)
//   id == lastMutationId + 1  applied, or rejected durably when it can never succeed
//   id >  lastMutationId + 1  a gap: the batch stops here and the client resends
//
// The whole batch — every effect, every rejection and the new lastMutationId — commits in one
// transaction, so a lost response followed by a retry can never apply anything twice. The
// client's row is locked first, so a page and a service worker pushing at once take turns.
import {
  isMutationName,
  mutationArgsSchemas,
  type Mutation,
} from '../../src/protocol/mutations.js';
import type { PushRequest, PushResponse } from '../../src/protocol/sync.js';
import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import { lockClient, unseenRejections } from './clients.js';
import type { MutationContext, MutationEffect } from './MutationContext.js';
import { MutationRejected, RejectionCode } from './MutationRejected.js';
import { mutators } from './mutators/index.js';
import { PushBatch } from './PushBatch.js';
import { withRetry } from './withRetry.js';

export interface PushResult {
  response: PushResponse;
  /** The highest version each touched notebook reached, for announcements after commit. */
  effects: MutationEffect[];
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

async function applyOne(
  context: MutationContext,
  mutation: Mutation,
): Promise<MutationEffect | undefined> {
  if (!isMutationName(mutation.name)) {
    throw new MutationRejected(
      RejectionCode.UnknownMutation,
      `Unknown mutation "${mutation.name}"`,
    );
  }
  const parsed = mutationArgsSchemas[mutation.name].safeParse(mutation.args);
  if (!parsed.success) {
    throw new MutationRejected(
      RejectionCode.InvalidArgs,
      `Invalid ${mutation.name}: ${describeIssues(parsed.error)}`,
    );
  }
  const mutator = mutators[mutation.name] as (
    c: MutationContext,
    a: unknown,
  ) => Promise<MutationEffect | undefined>;
  return mutator(context, parsed.data);
}

/** One effect per notebook: its highest version, and whether it was created or deleted. */
function mergeEffects(previous: MutationEffect | undefined, next: MutationEffect): MutationEffect {
  if (!previous) return next;
  const notebook = next.notebook ?? previous.notebook;
  return {
    notebookId: next.notebookId,
    version: Math.max(previous.version, next.version),
    ...(notebook ? { notebook } : {}),
  };
}

export interface ApplyPushOptions {
  now?: number;
  /**
   * Runs inside the push's transaction after every mutation, with the effects: what must commit
   * with the change or not at all (the push pokes for teammates' devices).
   */
  beforeCommit?: (tx: Transaction<Database>, effects: MutationEffect[]) => Promise<void>;
  /** The largest attachment accepted (MAX_UPLOAD_BYTES); `attachment.add` of a larger one is rejected. */
  maxUploadBytes?: number;
}

/** Mutations on an entry name it by `id`; attachment mutations by `entryId`. */
function entryIdOf(mutation: Mutation): unknown {
  const args = mutation.args as { id?: unknown; entryId?: unknown } | null;
  if (mutation.name.startsWith('entry.')) return args?.id;
  if (mutation.name.startsWith('attachment.')) return args?.entryId;
  return undefined;
}

export async function applyPush(
  database: DatabaseHandle,
  userId: string,
  request: PushRequest,
  { now = Date.now(), beforeCommit, maxUploadBytes }: ApplyPushOptions = {},
): Promise<PushResult> {
  const mutations = [...request.mutations].sort((a, b) => a.id - b.id);
  return withRetry(database, () =>
    database.db.transaction().execute(async (tx) => {
      const client = await lockClient(database, tx, request.clientId, userId, now);
      if (request.ackRejections?.length) {
        await tx
          .deleteFrom('rejections')
          .where('client_id', '=', request.clientId)
          .where('mutation_id', 'in', request.ackRejections)
          .execute();
      }
      let last = client.lastMutationId;
      let applied = 0;
      let rejected = 0;
      let skipped = 0;
      let gapAt: number | null = null;
      const touched = new Map<string, MutationEffect>();
      const batch = new PushBatch(tx, database.dialect, userId, now);
      const context: MutationContext = { batch, ...(maxUploadBytes ? { maxUploadBytes } : {}) };
      const pending = mutations.filter((mutation) => mutation.id > last);
      await batch.prefetchNotebooks(
        pending
          .filter((mutation) => /^(entry|attachment)\./.test(mutation.name))
          .map((mutation) => (mutation.args as { notebookId?: unknown } | null)?.notebookId)
          .filter((id): id is string => typeof id === 'string' && id.length <= 64)
          .map((id) => id.toLowerCase()),
      );
      await batch.prefetch(
        pending
          .map(entryIdOf)
          .filter((id): id is string => typeof id === 'string' && id.length <= 64)
          .map((id) => id.toLowerCase()),
      );
      for (const mutation of mutations) {
        if (mutation.id <= last) {
          skipped += 1;
          continue;
        }
        if (mutation.id > last + 1) {
          gapAt = last + 1;
          break;
        }
        batch.writtenAt = Math.min(mutation.at ?? now, now);
        try {
          const effect = await applyOne(context, mutation);
          if (effect)
            touched.set(effect.notebookId, mergeEffects(touched.get(effect.notebookId), effect));
          applied += 1;
        } catch (error) {
          if (!(error instanceof MutationRejected)) throw error;
          await tx
            .insertInto('rejections')
            .values({
              client_id: request.clientId,
              mutation_id: mutation.id,
              name: mutation.name.slice(0, 64),
              code: error.code,
              message: error.message.slice(0, 500),
              created_at: now,
            })
            .execute();
          rejected += 1;
        }
        last = mutation.id;
      }
      await batch.flush();
      if (last !== client.lastMutationId) {
        await tx
          .updateTable('sync_clients')
          .set({ last_mutation_id: last, updated_at: now })
          .where('client_id', '=', request.clientId)
          .execute();
      }
      const effects = [...touched.values()];
      if (beforeCommit && effects.length > 0) await beforeCommit(tx, effects);
      const rejections = await unseenRejections(tx, request.clientId);
      return {
        response: { lastMutationId: last, applied, rejected, skipped, gapAt, rejections },
        effects,
      };
    }),
  );
}
