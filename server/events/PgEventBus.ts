// The event bus for PostgreSQL, where several server instances share one database: publish is a
// NOTIFY on a channel named after Tideline's schema, and every instance (this one included)
// LISTENs on one dedicated connection and hands what arrives to its own subscribers.
//
// The listening connection is a small state machine:
//
//            open()            LISTEN done
//   (new) ───────► connecting ────────────► listening ──┐ error, end, or a failed ping
//                      ▲   │ fails                       │
//                      │   ▼                             ▼
//                      └── waiting (backoff, doubling up to maxDelayMs) ◄──┘
//
//   close() from any state → closed: timers cleared, the client ended, subscribers dropped.
//
// The first connect must succeed (open() throws otherwise, so start-up fails with the cause);
// after that the bus retries forever. NOTIFYs sent while an instance is not listening are lost to
// it, so every return to `listening` after the first calls the resync listeners: the event
// stream then re-pokes its clients from the database.
//
// Events are delivered locally only through LISTEN, never straight from publish(), so each
// subscriber sees each event exactly once and in the order PostgreSQL committed the NOTIFYs.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { EventBus, ServerEvent, ServerEventListener } from './EventBus.js';
import { EventBusError, EventBusErrorCode } from './EventBusError.js';
import type { EventBusLog } from './EventBusLog.js';
import { InProcessEventBus } from './InProcessEventBus.js';
import { parseServerEvent, serverEventSchema } from './serverEventSchema.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;
/** Longest identifier PostgreSQL keeps (NAMEDATALEN - 1); longer channel names are cut. */
const MAX_CHANNEL_BYTES = 63;
const CHANNEL_PREFIX = 'tideline_events_';

export interface PgEventBusOptions {
  /** Publishes through this handle's pool; its schema names the channel. */
  database: DatabaseHandle;
  /** Where the listening connection goes: the same server and database as `database`. */
  databaseUrl: string;
  log?: EventBusLog;
  /** First wait before reconnecting; doubles per failed attempt. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How often the listening connection is checked with `select 1`, so a silently dead one is noticed. */
  pingIntervalMs?: number;
  /** How long connecting or a query on the listening connection may take. */
  timeoutMs?: number;
}

/** The NOTIFY channel for a schema: instances using other schemas never hear each other. */
export function eventChannel(schema: string): string {
  const name = `${CHANNEL_PREFIX}${schema}`;
  if (Buffer.byteLength(name) <= MAX_CHANNEL_BYTES) return name;
  return `${CHANNEL_PREFIX}${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

const silent: EventBusLog = { info() {}, warn() {}, error() {} };

export class PgEventBus implements EventBus {
  readonly channel: string;
  private readonly local = new InProcessEventBus();
  private readonly log: EventBusLog;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pingIntervalMs: number;
  private readonly timeoutMs: number;
  private state: 'connecting' | 'listening' | 'waiting' | 'closed' = 'connecting';
  /** Whether open() finished: from then on a lost connection is retried rather than reported. */
  private started = false;
  private client: pg.Client | undefined;
  private pid: number | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failedAttempts = 0;

  /** Connects and starts listening; rejects when the first connection cannot be made. */
  static async open(options: PgEventBusOptions): Promise<PgEventBus> {
    const bus = new PgEventBus(options);
    try {
      await bus.listen();
    } catch (error) {
      await bus.close();
      throw error;
    }
    bus.started = true;
    return bus;
  }

  private constructor(private readonly options: PgEventBusOptions) {
    if (options.database.dialect !== 'postgres' || options.database.schema === undefined) {
      throw new TypeError('PgEventBus needs a PostgreSQL database handle');
    }
    this.channel = eventChannel(options.database.schema);
    this.log = options.log ?? silent;
    this.initialDelayMs = options.initialDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.pingIntervalMs = options.pingIntervalMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** True while the listening connection is up. */
  get listening(): boolean {
    return this.state === 'listening';
  }

  /** The PostgreSQL backend process of the listening connection, while there is one. */
  get backendPid(): number | undefined {
    return this.client !== undefined ? this.pid : undefined;
  }

  /** Subscribers and resync listeners still registered. */
  get listenerCount(): number {
    return this.local.listenerCount;
  }

  async publish(event: ServerEvent): Promise<void> {
    if (this.state === 'closed')
      throw new EventBusError(EventBusErrorCode.Closed, 'The event bus is closed');
    const payload = JSON.stringify(serverEventSchema.parse(event));
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      throw new EventBusError(
        EventBusErrorCode.PayloadTooLarge,
        `A ${event.type} event of ${Buffer.byteLength(payload)} bytes exceeds PostgreSQL's NOTIFY limit`,
      );
    }
    await sql`select pg_notify(${this.channel}, ${payload})`.execute(this.options.database.db);
  }

  subscribe(listener: ServerEventListener): () => void {
    return this.local.subscribe(listener);
  }

  onResync(listener: () => void): () => void {
    return this.local.onResync(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.local.close();
    await this.drop(this.client);
  }

  /** One attempt at `connecting → listening`; on failure the next attempt is already scheduled. */
  private async listen(): Promise<void> {
    this.state = 'connecting';
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'tideline-events',
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      keepAlive: true,
    });
    this.client = client;
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    client.on('notification', (message) => {
      if (client === this.client && message.channel === this.channel) {
        this.receive(message.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      this.pid = rows[0]?.pid;
    } catch (error) {
      this.lost(client, error);
      throw error;
    }
    if (client !== this.client) {
      throw new EventBusError(
        EventBusErrorCode.ConnectionLost,
        'The event connection closed while it started listening',
      );
    }
    this.state = 'listening';
    this.failedAttempts = 0;
    this.pingTimer = setInterval(() => {
      client.query('select 1').catch((error: unknown) => this.lost(client, error));
    }, this.pingIntervalMs);
    this.pingTimer.unref();
  }

  private receive(payload: string | undefined): void {
    const event = payload === undefined ? undefined : parseServerEvent(payload);
    if (event === undefined) {
      this.log.warn(
        { channel: this.channel, payload: payload?.slice(0, 200) },
        'ignored a malformed event notification',
      );
      return;
    }
    this.local.deliver(event);
  }

  /** Forgets and ends `client` if it is the current one; undefined when it was not. */
  private drop(client: pg.Client | undefined): Promise<void> | undefined {
    if (client === undefined || client !== this.client) return undefined;
    this.client = undefined;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    // Keep the error listener: a late socket error must not become an unhandled 'error' event.
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    return client.end().catch(() => undefined);
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.drop(client) === undefined || this.state === 'closed') return;
    if (!this.started) return; // open() reports the failure itself
    this.state = 'waiting';
    const delayMs = this.nextDelay();
    this.log.warn(
      { channel: this.channel, err: error, retryInMs: delayMs },
      'lost the event connection to PostgreSQL; reconnecting',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'closed') return;
      this.listen().then(
        () => {
          this.log.info({ channel: this.channel }, 'event connection to PostgreSQL restored');
          this.local.resync();
        },
        () => undefined, // lost() has logged it and scheduled the next attempt
      );
    }, delayMs);
    this.retryTimer.unref();
  }

  /** Exponential backoff with jitter, so instances that lost the database together spread out. */
  private nextDelay(): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.failedAttempts);
    this.failedAttempts += 1;
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }
}
