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
// concurrency; the outcomes of a batch are written back together. Before each claim, task
// reminders that have fallen due become jobs of kind 'reminder' (taskReminders.ts); they are
// sent like pokes, with a reminder payload, unless the task was done or deleted meanwhile.
import type { FastifyBaseLogger } from 'fastify';
import { pushTopic, PUSH_TTL_SECONDS } from '../../src/protocol/push.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { PushSender } from './PushSender.js';
import type { PushStats } from './PushStats.js';
import {
  PushOutcomes,
  type ClaimedJob,
  type DrainSummary,
  type JobOutcome,
  type Target,
} from './PushOutcomes.js';
import { claimDueJobs, deleteOldDeadJobs, nextJobDueAt } from './pushJobQueue.js';
import { pushMessage, type ReminderTask } from './pushMessage.js';
import { nextReminderAt, releaseDueReminders } from './taskReminders.js';
import type { VapidHeaderCache } from './VapidHeaderCache.js';

/** Longest sleep between looks at the queue (jobs from other instances, expired leases). */
const DEFAULT_POLL_MS = 1_000;
/** How long stop() waits for the batch in flight before leaving it to the lease. */
const STOP_GRACE_MS = 5_000;
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

export type { DrainSummary } from './PushOutcomes.js';

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
  private readonly outcomes: PushOutcomes;

  constructor(private readonly options: PushDispatcherOptions) {
    this.database = options.database;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.batchSize = options.batchSize ?? options.concurrency * 4;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.outcomes = new PushOutcomes({
      database: options.database,
      stats: options.stats,
      log: options.log,
      random: this.random,
    });
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
      const released = await releaseDueReminders(this.database, this.now());
      if (released.reminders > 0) {
        this.options.log.info(
          { event: 'push.reminders', reminders: released.reminders, jobs: released.jobs },
          'task reminders due',
        );
      }
      if (released.reminders === 0) break;
    }
    for (;;) {
      const jobs = await claimDueJobs(this.database, this.now(), this.batchSize);
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
    const purged = await deleteOldDeadJobs(this.database, now);
    if (purged > 0) {
      this.options.log.info({ event: 'push.purged', jobs: purged }, 'old dead push jobs deleted');
    }
  }

  private async untilNextDue(): Promise<number> {
    const job = await nextJobDueAt(this.database);
    const due = Math.min(job, await nextReminderAt(this.database));
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

    const reminderIds = [
      ...new Set(jobs.map((job) => job.entry_id).filter((id): id is string => id !== null)),
    ];
    const tasks = new Map<string, ReminderTask>(
      reminderIds.length === 0
        ? []
        : (
            await db
              .selectFrom('entries')
              .select(['id', 'title', 'due_at', 'done', 'deleted'])
              .where('id', 'in', reminderIds)
              .execute()
          ).map((row) => [row.id, row]),
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
            : await this.sendJob(job, target, names, tasks);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, jobs.length) }, worker),
    );
    await this.outcomes.record(jobs, outcomes, targets, summary, this.now());
  }

  private async sendJob(
    job: ClaimedJob,
    target: Target | undefined,
    names: Map<string, string>,
    tasks: Map<string, ReminderTask>,
  ): Promise<JobOutcome> {
    // The subscription went (signed out, replaced) after the claim; its jobs went with it.
    if (target === undefined) return { kind: 'skipped' };
    const ageSeconds = Math.floor((this.now() - job.created_at) / 1000);
    if (ageSeconds >= PUSH_TTL_SECONDS) return { kind: 'failed', reason: 'expired', latencyMs: 0 };
    const task = job.entry_id === null ? undefined : tasks.get(job.entry_id);
    const message = pushMessage(job, names.get(job.notebook_id), task);
    if (message === undefined) return { kind: 'cancelled' };
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
        payload: JSON.stringify(message),
        // A reminder has its own topic: a later poke must not replace it at the push service.
        topic: pushTopic(job.kind === 'reminder' ? job.entry_id! : job.notebook_id),
        ttlSeconds: PUSH_TTL_SECONDS - ageSeconds,
      },
      authorization,
    );
  }
}
