// What happens to a push job once its send has an outcome — the job table's side of the
// dispatcher (PushDispatcher.ts claims and sends; this writes back):
//
//   sent ──────────▶ job deleted, latency recorded
//   gone (404/410) ─▶ subscription deleted with its jobs — unless the device renewed it meanwhile:
//                     then the poke goes again, now, to the new endpoint
//   retry ─────────▶ pending again after a backoff that honours Retry-After, or folded into a
//                     newer pending job for the same device and notebook
//   anything else, or the MAX_ATTEMPTS-th failure ──▶ dead (kept for operators)
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { PushJobKind } from '../db/schema.js';
import type { SendOutcome } from './PushSender.js';
import type { PushStats } from './PushStats.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retryPolicy.js';

export interface DrainSummary {
  sent: number;
  retrying: number;
  pruned: number;
  dead: number;
}

export interface ClaimedJob {
  id: number;
  subscription_id: string;
  notebook_id: string;
  version: number;
  changes: number;
  by_name: string | null;
  attempts: number;
  created_at: number;
  /** 'poke', or 'reminder' of task `entry_id` (taskReminders.ts). */
  kind: PushJobKind;
  entry_id: string | null;
}

export interface Target {
  endpoint: string;
  p256dh: string;
  auth: string;
  user_id: string;
}

/**
 * 'skipped': the subscription went after the claim (its jobs went with it). 'not-member': the
 * device's user left the notebook after the poke was queued; it must not hear of the notebook.
 * 'cancelled': a reminder whose task was ticked done, deleted or given another due time since.
 */
export type JobOutcome =
  SendOutcome | { kind: 'skipped' } | { kind: 'not-member' } | { kind: 'cancelled' };

export interface PushOutcomesOptions {
  database: DatabaseHandle;
  stats: PushStats;
  log: FastifyBaseLogger;
  random: () => number;
}

export class PushOutcomes {
  constructor(private readonly options: PushOutcomesOptions) {}

  /** Writes a batch's outcomes back: sent jobs deleted, gone subscriptions pruned, failures
   *  rescheduled or dead. */
  async record(
    jobs: ClaimedJob[],
    outcomes: JobOutcome[],
    targets: Map<string, Target>,
    summary: DrainSummary,
    now: number,
  ): Promise<void> {
    const { db } = this.options.database;
    const { stats, log } = this.options;
    const sentIds: number[] = [];
    for (const [index, job] of jobs.entries()) {
      const outcome = outcomes[index] as JobOutcome;
      if (outcome.kind === 'skipped') continue;
      if (outcome.kind === 'cancelled') {
        await db.deleteFrom('push_jobs').where('id', '=', job.id).execute();
        log.info(
          { event: 'push.reminder-cancelled', jobId: job.id, entryId: job.entry_id },
          'reminder dropped: the task is done, deleted or due at another time',
        );
        continue;
      }
      if (outcome.kind === 'not-member') {
        await db.deleteFrom('push_jobs').where('id', '=', job.id).execute();
        log.info(
          { event: 'push.not-member', jobId: job.id, notebookId: job.notebook_id },
          'push dropped: the device’s user is no longer a member of the notebook',
        );
        continue;
      }
      const target = targets.get(job.subscription_id) as Target;
      const host = hostOf(target.endpoint);
      if (outcome.kind === 'sent') {
        sentIds.push(job.id);
        stats.recordSent(outcome.latencyMs, now - job.created_at);
        summary.sent += 1;
        log.debug(
          {
            event: 'push.sent',
            jobId: job.id,
            notebookId: job.notebook_id,
            host,
            status: outcome.status,
            latencyMs: outcome.latencyMs,
            changes: job.changes,
          },
          'push sent',
        );
        continue;
      }
      if (outcome.kind === 'gone') {
        stats.recordLatency(outcome.latencyMs);
        // Only if the subscription still has that endpoint: a replaced one lives on.
        const pruned = await db
          .deleteFrom('push_subscriptions')
          .where('id', '=', job.subscription_id)
          .where('endpoint', '=', target.endpoint)
          .executeTakeFirst();
        if (Number(pruned.numDeletedRows) === 0) {
          const renewed = await db
            .selectFrom('push_subscriptions')
            .select('id')
            .where('id', '=', job.subscription_id)
            .executeTakeFirst();
          if (renewed) {
            // The device renewed its subscription while this poke was out: the old endpoint is
            // gone, the device is not. The poke goes again, to the new endpoint, now.
            await this.reschedule(job, now, 'endpoint-replaced', now);
            stats.retrying += 1;
            summary.retrying += 1;
            log.info(
              { event: 'push.endpoint-replaced', jobId: job.id, host, status: outcome.status },
              'push subscription renewed while sending: sending to the new endpoint',
            );
            continue;
          }
        }
        await db.deleteFrom('push_jobs').where('id', '=', job.id).execute();
        if (Number(pruned.numDeletedRows) > 0) {
          stats.pruned += 1;
          summary.pruned += 1;
          log.info(
            {
              event: 'push.pruned',
              subscriptionId: job.subscription_id,
              host,
              status: outcome.status,
            },
            'push subscription gone: deleted',
          );
        }
        continue;
      }
      stats.failed += 1;
      if (outcome.latencyMs > 0) stats.recordLatency(outcome.latencyMs);
      if (outcome.kind === 'retry' && job.attempts < MAX_ATTEMPTS) {
        const delayMs = retryDelayMs(job.attempts, outcome.retryAfterMs, this.options.random);
        await this.reschedule(job, now + delayMs, outcome.reason, now);
        stats.retrying += 1;
        summary.retrying += 1;
        log.info(
          {
            event: 'push.retrying',
            jobId: job.id,
            host,
            reason: outcome.reason,
            attempts: job.attempts,
            delayMs,
          },
          'push failed: will retry',
        );
        continue;
      }
      const reason =
        outcome.kind === 'retry'
          ? `${outcome.reason} after ${job.attempts} attempts`
          : outcome.reason;
      await db
        .updateTable('push_jobs')
        .set({
          state: 'dead',
          lease_until: null,
          last_error: reason.slice(0, 500),
          updated_at: now,
        })
        .where('id', '=', job.id)
        .execute();
      stats.dead += 1;
      summary.dead += 1;
      log.warn(
        { event: 'push.dead', jobId: job.id, subscriptionId: job.subscription_id, host, reason },
        'push given up',
      );
    }
    if (sentIds.length > 0) await db.deleteFrom('push_jobs').where('id', 'in', sentIds).execute();
  }

  /**
   * Back to pending for another attempt at `at`. If a newer poke for the same device and
   * notebook is already pending (it could not coalesce into this one while it was being sent),
   * this one folds into it instead: one poke, counting both jobs' changes. A reminder never folds.
   */
  private async reschedule(job: ClaimedJob, at: number, reason: string, now: number) {
    if (job.kind !== 'poke') {
      await this.options.database.db
        .updateTable('push_jobs')
        .set({
          state: 'pending',
          next_attempt_at: at,
          lease_until: null,
          last_error: reason,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .execute();
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.database.db.transaction().execute(async (tx) => {
          const folded = await tx
            .updateTable('push_jobs')
            .set((eb) => ({
              changes: eb('changes', '+', job.changes),
              attempts: sql<number>`case when attempts < ${job.attempts} then ${job.attempts} else attempts end`,
              next_attempt_at: sql<number>`case when next_attempt_at < ${at} then ${at} else next_attempt_at end`,
              last_error: reason,
              updated_at: now,
            }))
            .where('subscription_id', '=', job.subscription_id)
            .where('notebook_id', '=', job.notebook_id)
            .where('state', '=', 'pending')
            .where('kind', '=', 'poke')
            .executeTakeFirst();
          if (Number(folded.numUpdatedRows) > 0) {
            await tx.deleteFrom('push_jobs').where('id', '=', job.id).execute();
          } else {
            await tx
              .updateTable('push_jobs')
              .set({
                state: 'pending',
                next_attempt_at: at,
                lease_until: null,
                last_error: reason,
                updated_at: now,
              })
              .where('id', '=', job.id)
              .execute();
          }
        });
        return;
      } catch (error) {
        // A new pending job appeared between the two statements (another instance enqueued).
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'invalid';
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
