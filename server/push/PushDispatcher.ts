// Sends the queued pokes. Every instance runs one dispatcher; they share the job table:
//
//   enqueuePokes ──▶ pending ──claim──▶ sending ──2xx────────────▶ (job deleted)
//                      ▲                  │  ├──404/410──────────▶ (subscription deleted, job with it)
//                      │                  │  │                     (a renewed endpoint: pending again, now)
//                      │                  │  ├──429/5xx/network──▶ pending again after a backoff that
//                      └──────────────────┘  │                     honours Retry-After (or folded into a
//                                            │                     newer pending job for the same device)
//                                            └──anything else, or the MAX_ATTEMPTS-th failure──▶ dead
//
// A claim moves a batch of due jobs to 'sending' with a lease in one statement (on PostgreSQL
// the candidates are picked FOR UPDATE SKIP LOCKED, so instances never claim the same job); a
// job whose lease ran out (its instance died mid-batch) is due again. Sends run with bounded
// concurrency; the outcomes of a batch are written back together.
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { pushTopic, PUSH_TTL_SECONDS, type PushPoke } from '../../src/protocol/push.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { PushSender, SendOutcome } from './PushSender.js';
import type { PushStats } from './PushStats.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retryPolicy.js';
import type { VapidHeaderCache } from './VapidHeaderCache.js';

/** How long a claimed batch is a dispatcher's own before another may take it over. */
const LEASE_MS = 5 * 60 * 1000;
/** Longest sleep between looks at the queue (jobs from other instances, expired leases). */
const DEFAULT_POLL_MS = 1_000;
/** How long stop() waits for the batch in flight before leaving it to the lease. */
const STOP_GRACE_MS = 5_000;
const NAME_MAX = 200;
/** Dead jobs are kept this long for operators to inspect, then deleted. */
export const DEAD_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;

export interface PushDispatcherOptions {
  database: DatabaseHandle;
  sender: PushSender;
  vapid: VapidHeaderCache;
  stats: PushStats;
  log: FastifyBaseLogger;
  concurrency: number;
  /** Jobs claimed at once; defaults to four rounds of `concurrency`. */
  batchSize?: number;
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface DrainSummary {
  sent: number;
  retrying: number;
  pruned: number;
  dead: number;
}

interface ClaimedJob {
  id: number;
  subscription_id: string;
  notebook_id: string;
  version: number;
  changes: number;
  by_name: string | null;
  attempts: number;
  created_at: number;
}

interface Target {
  endpoint: string;
  p256dh: string;
  auth: string;
  user_id: string;
}

/**
 * 'skipped': the subscription went after the claim (its jobs went with it). 'not-member': the
 * device's user left the notebook after the poke was queued; it must not hear of the notebook.
 */
type JobOutcome = SendOutcome | { kind: 'skipped' } | { kind: 'not-member' };

export class PushDispatcher {
  private readonly database: DatabaseHandle;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private purgedAt = -Infinity;

  constructor(private readonly options: PushDispatcherOptions) {
    this.database = options.database;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? options.concurrency * 4;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  }

  /** Runs the dispatch loop in the background until stop(). */
  start(): void {
    if (this.loop !== undefined || this.stopped) return;
    this.loop = this.run();
  }

  /** New jobs are (or at `at` will be) due: look then rather than at the next poll. */
  wake(at?: number): void {
    const delay = at === undefined ? 0 : at - this.now();
    if (delay > 0) {
      this.wakeTimer ??= setTimeout(() => {
        this.wakeTimer = undefined;
        this.wake();
      }, delay);
      this.wakeTimer.unref();
      return;
    }
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Stops the loop after the batch in flight (waiting at most STOP_GRACE_MS). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    this.wake();
    if (this.loop === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loop,
      new Promise((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Sends every job due now, batch after batch, until none is left; what happened. */
  async drainOnce(): Promise<DrainSummary> {
    const summary: DrainSummary = { sent: 0, retrying: 0, pruned: 0, dead: 0 };
    await this.purgeDeadJobs();
    for (;;) {
      const jobs = await this.claim();
      if (jobs.length === 0) return summary;
      await this.process(jobs, summary);
      if (this.stopped && this.loop !== undefined) return summary;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      try {
        const summary = await this.drainOnce();
        if (summary.sent + summary.retrying + summary.pruned + summary.dead > 0) {
          this.options.log.info({ event: 'push.drained', ...summary }, 'push batch done');
        }
      } catch (error) {
        this.options.log.error({ event: 'push.error', err: error }, 'push dispatch failed');
      }
      if (this.stopped) break;
      await this.sleep(await this.untilNextDue().catch(() => this.pollMs));
    }
  }

  /** At most hourly: deletes dead jobs older than DEAD_JOB_RETENTION_MS. */
  private async purgeDeadJobs(): Promise<void> {
    const now = this.now();
    if (now - this.purgedAt < PURGE_EVERY_MS) return;
    this.purgedAt = now;
    const result = await this.database.db
      .deleteFrom('push_jobs')
      .where('state', '=', 'dead')
      .where('updated_at', '<', now - DEAD_JOB_RETENTION_MS)
      .executeTakeFirst();
    const purged = Number(result.numDeletedRows);
    if (purged > 0) {
      this.options.log.info({ event: 'push.purged', jobs: purged }, 'old dead push jobs deleted');
    }
  }

  private async untilNextDue(): Promise<number> {
    const row = await this.database.db
      .selectFrom('push_jobs')
      .select((eb) => eb.fn.min<number>('next_attempt_at').as('due'))
      .where('state', '=', 'pending')
      .executeTakeFirst();
    const due = row?.due === null || row?.due === undefined ? Infinity : Number(row.due);
    return Math.max(10, Math.min(this.pollMs, due - this.now()));
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = undefined;
        done();
      };
    });
  }

  private async claim(): Promise<ClaimedJob[]> {
    const now = this.now();
    const { db } = this.database;
    const due = db
      .selectFrom('push_jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(this.batchSize)
      .$if(this.database.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
    const rows = await db
      .updateTable('push_jobs')
      .set((eb) => ({
        state: 'sending',
        lease_until: now + LEASE_MS,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .returning([
        'id',
        'subscription_id',
        'notebook_id',
        'version',
        'changes',
        'by_name',
        'attempts',
        'created_at',
      ])
      .execute();
    return rows.map((row) => ({
      ...row,
      version: Number(row.version),
      created_at: Number(row.created_at),
    }));
  }

  private async process(jobs: ClaimedJob[], summary: DrainSummary): Promise<void> {
    const { db } = this.database;
    const targets = new Map<string, Target>(
      (
        await db
          .selectFrom('push_subscriptions')
          .select(['id', 'endpoint', 'p256dh', 'auth', 'user_id'])
          .where('id', 'in', [...new Set(jobs.map((job) => job.subscription_id))])
          .execute()
      ).map((row) => [row.id, row]),
    );
    // Membership now, not when the job was queued: someone removed since hears nothing more.
    const userIds = [...new Set([...targets.values()].map((target) => target.user_id))];
    const members = new Set(
      userIds.length === 0
        ? []
        : (
            await db
              .selectFrom('memberships')
              .select(['user_id', 'notebook_id'])
              .where('user_id', 'in', userIds)
              .where('notebook_id', 'in', [...new Set(jobs.map((job) => job.notebook_id))])
              .execute()
          ).map((row) => `${row.user_id} ${row.notebook_id}`),
    );
    const names = new Map(
      (
        await db
          .selectFrom('notebooks')
          .select(['id', 'name'])
          .where('id', 'in', [...new Set(jobs.map((job) => job.notebook_id))])
          .execute()
      ).map((row) => [row.id, row.name]),
    );

    const outcomes: JobOutcome[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index] as ClaimedJob;
        const target = targets.get(job.subscription_id);
        outcomes[index] =
          target !== undefined && !members.has(`${target.user_id} ${job.notebook_id}`)
            ? { kind: 'not-member' }
            : await this.sendJob(job, target, names);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, jobs.length) }, worker),
    );
    await this.record(jobs, outcomes, targets, summary);
  }

  private async sendJob(
    job: ClaimedJob,
    target: Target | undefined,
    names: Map<string, string>,
  ): Promise<JobOutcome> {
    // The subscription went (signed out, replaced) after the claim; its jobs went with it.
    if (target === undefined) return { kind: 'skipped' };
    const ageSeconds = Math.floor((this.now() - job.created_at) / 1000);
    if (ageSeconds >= PUSH_TTL_SECONDS) return { kind: 'failed', reason: 'expired', latencyMs: 0 };
    const name = names.get(job.notebook_id);
    const poke: PushPoke = {
      type: 'poke',
      notebookId: job.notebook_id,
      version: job.version,
      ...(name !== undefined ? { notebookName: name.slice(0, NAME_MAX) } : {}),
      ...(job.by_name !== null ? { by: job.by_name.slice(0, NAME_MAX) } : {}),
      changes: job.changes,
    };
    let authorization: string;
    try {
      authorization = this.options.vapid.authorization(new URL(target.endpoint).origin);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: 'failed', reason: `vapid: ${reason}`, latencyMs: 0 };
    }
    return this.options.sender.send(
      {
        endpoint: target.endpoint,
        p256dh: target.p256dh,
        auth: target.auth,
        payload: JSON.stringify(poke),
        topic: pushTopic(job.notebook_id),
        ttlSeconds: PUSH_TTL_SECONDS - ageSeconds,
      },
      authorization,
    );
  }

  /** Writes a batch's outcomes back: sent jobs deleted, gone subscriptions pruned, failures
   *  rescheduled or dead. */
  private async record(
    jobs: ClaimedJob[],
    outcomes: JobOutcome[],
    targets: Map<string, Target>,
    summary: DrainSummary,
  ): Promise<void> {
    const { db } = this.database;
    const { stats, log } = this.options;
    const now = this.now();
    const sentIds: number[] = [];
    for (const [index, job] of jobs.entries()) {
      const outcome = outcomes[index] as JobOutcome;
      if (outcome.kind === 'skipped') continue;
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
        const delayMs = retryDelayMs(job.attempts, outcome.retryAfterMs, this.random);
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
   * Back to pending for another attempt at `at`. If a newer job for the same device and
   * notebook is already pending (it could not coalesce into this one while it was being sent),
   * this one folds into it instead: one poke, counting both jobs' changes.
   */
  private async reschedule(job: ClaimedJob, at: number, reason: string, now: number) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.database.db.transaction().execute(async (tx) => {
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
