// Web Push delivery for one server instance, assembled from its parts: the VAPID keys, the
// subscription policy, the fan-out that enqueues pokes in a change's transaction, the dispatcher
// that sends them, and the counters behind /api/admin/push-stats. buildApp makes one per app;
// startServer starts its dispatcher, and closing the app stops it.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { PushConfig } from '../config.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { Database } from '../db/schema.js';
import { enqueuePokes, type PokeCause, type PokeWriter } from './enqueuePokes.js';
import { PushDispatcher, type DrainSummary } from './PushDispatcher.js';
import { PushSender } from './PushSender.js';
import { PushStats, type PushStatsReport } from './PushStats.js';
import { systemResolver, type HostResolver } from './resolvePushHost.js';
import { VapidHeaderCache } from './VapidHeaderCache.js';
import { loadVapidKeys, type VapidKeyPair } from './vapidKeys.js';
import type { SubscriptionPolicy } from './validateSubscription.js';

/** What enqueueIn() queued, for queued() after the commit. */
export interface QueuedPokes {
  dueAt: number;
  notebooks: Array<PokeCause & { jobs: number }>;
}

interface Parts {
  keys: VapidKeyPair;
  dispatcher: PushDispatcher;
}

/**
 * A new poke waits this long before it is sent, so the rest of a burst of changes (a teammate
 * typing, an import) joins it: one poke per device instead of one per change, well within the
 * second or two a closed app may take to hear about a change.
 */
const COALESCE_MS = 250;

/** What tests and benchmarks may replace. */
export interface PushDeliveryOptions {
  /** DNS for push-service hosts (at save and at send). */
  resolver?: HostResolver;
  /** The clock for retries, leases and VAPID header reuse. */
  now?: () => number;
  random?: () => number;
  /** Extra CA certificates trusted for push services (a self-signed local one). */
  ca?: string | Buffer;
  pollMs?: number;
  batchSize?: number;
  /** How long a new job waits for more changes to coalesce before it is due. */
  coalesceMs?: number;
  timeoutMs?: number;
}

export class PushDelivery {
  readonly stats = new PushStats();
  readonly policy: SubscriptionPolicy;
  private initializing: Promise<Parts> | undefined;
  private dispatcher: PushDispatcher | undefined;
  private sender: PushSender | undefined;

  constructor(
    private readonly config: PushConfig,
    private readonly database: DatabaseHandle,
    private readonly log: FastifyBaseLogger,
    private readonly options: PushDeliveryOptions = {},
  ) {
    this.policy = {
      serviceHosts: config.serviceHosts,
      allowLoopback: config.allowLoopback,
      resolver: options.resolver ?? systemResolver,
    };
  }

  /**
   * Loads (or generates and stores) the VAPID keys and builds the sender and dispatcher, once,
   * on first use: an app on a database not yet migrated still starts (its health check works).
   */
  private parts(): Promise<Parts> {
    this.initializing ??= this.build().catch((error: unknown) => {
      this.initializing = undefined;
      throw error;
    });
    return this.initializing;
  }

  private async build(): Promise<Parts> {
    const keys = await loadVapidKeys(this.database, this.config.vapidKeys);
    const now = this.options.now ?? Date.now;
    this.sender = new PushSender({
      resolver: this.policy.resolver,
      allowLoopback: this.config.allowLoopback,
      maxSockets: this.config.concurrency,
      now,
      ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    this.dispatcher = new PushDispatcher({
      database: this.database,
      sender: this.sender,
      vapid: new VapidHeaderCache(keys, this.config.vapidSubject, now),
      stats: this.stats,
      log: this.log,
      concurrency: this.config.concurrency,
      now,
      ...(this.options.random !== undefined ? { random: this.options.random } : {}),
      ...(this.options.pollMs !== undefined ? { pollMs: this.options.pollMs } : {}),
      ...(this.options.batchSize !== undefined ? { batchSize: this.options.batchSize } : {}),
    });
    return { keys, dispatcher: this.dispatcher };
  }

  async publicKey(): Promise<string> {
    return (await this.parts()).keys.publicKey;
  }

  /**
   * Queues (or coalesces) pokes for each notebook a push changed, inside the push's transaction:
   * the jobs commit with the change or not at all, so a crash or a failed statement after the
   * commit cannot lose a poke. Hand the result to queued() once the transaction has committed.
   */
  async enqueueIn(
    tx: Kysely<Database>,
    causes: readonly PokeCause[],
    writer: PokeWriter,
  ): Promise<QueuedPokes> {
    const now = (this.options.now ?? Date.now)();
    const dueAt = now + (this.options.coalesceMs ?? COALESCE_MS);
    const notebooks: QueuedPokes['notebooks'] = [];
    // Notebook order, so two pushes touching the same notebooks lock their jobs in one order.
    const ordered = [...causes].sort((a, b) => (a.notebookId < b.notebookId ? -1 : 1));
    for (const cause of ordered) {
      const jobs = await enqueuePokes(tx, cause, writer, now, dueAt);
      if (jobs > 0) notebooks.push({ ...cause, jobs });
    }
    return { dueAt, notebooks };
  }

  /** After the push that queued them committed: counts, logs and wakes the dispatcher. */
  queued({ dueAt, notebooks }: QueuedPokes): void {
    let jobs = 0;
    for (const { notebookId, version, jobs: touched } of notebooks) {
      jobs += touched;
      this.log.info({ event: 'push.queued', notebookId, version, jobs: touched }, 'pokes queued');
    }
    this.stats.queued += jobs;
    if (jobs > 0) this.dispatcher?.wake(dueAt);
  }

  /** Another instance (or this one) announced a change: its jobs may be waiting. */
  wake(): void {
    this.dispatcher?.wake();
  }

  /** Starts sending queued pokes in the background (startServer, after listening). */
  async start(): Promise<void> {
    const { dispatcher } = await this.parts();
    if (this.config.allowLoopback) {
      this.log.warn(
        { event: 'push.loopback-allowed' },
        'PUSH_ALLOW_LOOPBACK is set: push services on loopback are accepted (tests only)',
      );
    }
    dispatcher.start();
  }

  /** Sends everything due now (tests drive delivery with this instead of start()). */
  async drainOnce(): Promise<DrainSummary> {
    return (await this.parts()).dispatcher.drainOnce();
  }

  async stop(): Promise<void> {
    await this.dispatcher?.stop();
    this.sender?.close();
  }

  report(): Promise<PushStatsReport> {
    return this.stats.report(this.database);
  }
}
