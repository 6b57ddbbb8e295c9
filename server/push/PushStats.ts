// What push delivery has done since this instance started (counters and send latencies, for
// GET /api/admin/push-stats), next to what the queue holds now (read from the database, so it
// covers every instance sharing it).
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

/** Latency samples kept (the most recent ones). */
const SAMPLES = 2048;

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PushStatsReport {
  /** Counters since this instance started. */
  instance: {
    startedAt: number;
    /** Jobs enqueued or coalesced into a pending one. */
    queued: number;
    sent: number;
    /** Sends that failed (each then retried or given up). */
    failed: number;
    retrying: number;
    /** Subscriptions deleted after a 404/410. */
    pruned: number;
    dead: number;
    /** Milliseconds from request to the push service's answer. */
    sendLatencyMs: LatencySummary;
    /** Milliseconds from the first change a poke stands for to the push service accepting it. */
    deliveryLatencyMs: LatencySummary;
  };
  /** The job table now, across every instance. */
  queue: {
    pending: number;
    /** Pending jobs waiting for another attempt. */
    retrying: number;
    sending: number;
    dead: number;
    subscriptions: number;
  };
}

class Reservoir {
  private readonly values: number[] = [];
  private next = 0;
  private total = 0;

  add(value: number): void {
    this.total += 1;
    if (this.values.length < SAMPLES) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % SAMPLES;
  }

  summary(): LatencySummary {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      count: this.total,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
    };
  }
}

export class PushStats {
  readonly startedAt = Date.now();
  queued = 0;
  sent = 0;
  failed = 0;
  retrying = 0;
  pruned = 0;
  dead = 0;
  private readonly sendLatency = new Reservoir();
  private readonly deliveryLatency = new Reservoir();

  recordSent(latencyMs: number, deliveryMs: number): void {
    this.sent += 1;
    this.sendLatency.add(latencyMs);
    this.deliveryLatency.add(deliveryMs);
  }

  recordLatency(latencyMs: number): void {
    this.sendLatency.add(latencyMs);
  }

  async report(database: DatabaseHandle): Promise<PushStatsReport> {
    const rows = await database.db
      .selectFrom('push_jobs')
      .select((eb) => [
        'state',
        eb.fn.countAll<number>().as('jobs'),
        eb.fn.sum<number>(eb.case().when('attempts', '>', 0).then(1).else(0).end()).as('retrying'),
      ])
      .groupBy('state')
      .execute();
    const subscriptions = await database.db
      .selectFrom('push_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const count = (state: string) => Number(rows.find((row) => row.state === state)?.jobs ?? 0);
    return {
      instance: {
        startedAt: this.startedAt,
        queued: this.queued,
        sent: this.sent,
        failed: this.failed,
        retrying: this.retrying,
        pruned: this.pruned,
        dead: this.dead,
        sendLatencyMs: this.sendLatency.summary(),
        deliveryLatencyMs: this.deliveryLatency.summary(),
      },
      queue: {
        pending: count('pending'),
        retrying: Number(rows.find((row) => row.state === 'pending')?.retrying ?? 0),
        sending: count('sending'),
        dead: count('dead'),
        subscriptions: Number(subscriptions.count),
      },
    };
  }
}
