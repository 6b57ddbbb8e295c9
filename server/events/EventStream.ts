// One open `GET /api/events` connection: which of the bus's events this user hears, as SSE.
//
// On start it subscribes to the bus first and only then reads the user's notebooks, so nothing
// published in between is missed; the bus's events wait in a queue until that read is done.
// Everything the stream does (the first read, pokes, membership refreshes, resyncs) runs through
// that one queue, so frames go out in the order events arrived and a refresh of the notebook set
// is complete before the next poke is checked against it.
//
// `told` maps each notebook the user is a member of to the highest version this connection has
// announced. A notebook entering the set (the first read, a membership event, a resync) is poked
// at its current version; a later poke at or below what was told is dropped (the client already
// knows), which also absorbs the race between a read and a poke published just before it.
import { PassThrough } from 'node:stream';
import {
  EventName,
  MembershipChange,
  type MembershipEvent,
  type PokeEvent,
} from '../../src/protocol/events.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { endsSession, type EventBus, type ServerEvent } from './EventBus.js';
import { sessionExpiry } from './sessionExpiry.js';
import type { EventBusLog } from './EventBusLog.js';
import { sseComment, sseEvent, sseRetry } from './sseFrame.js';
import { userNotebooks } from './userNotebooks.js';

/** A client that reads this slowly is cut off; on reconnecting it gets a full replay. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** How long a closing stream waits for the client to read what is left. */
const CLOSE_GRACE_MS = 1_000;
/** The longest a stream goes without checking that its session still exists. */
const SESSION_RECHECK_MS = 5 * 60 * 1000;

export interface EventStreamOptions {
  database: DatabaseHandle;
  events: EventBus;
  userId: string;
  /** The session the stream was opened with: when it ends (or expires), the stream closes. */
  sessionId: string;
  heartbeatMs: number;
  /** How long EventSource waits before reconnecting (the `retry:` field). */
  retryMs: number;
  /** The id of the first event sent; ids increase by one per event. */
  firstId: number;
  log: EventBusLog;
}

export class EventStream {
  /** The response body: hand it to `reply.send`. */
  readonly body = new PassThrough();
  private readonly told = new Map<string, number>();
  private readonly cleanups: (() => void)[] = [];
  private queue: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private sessionCheck: NodeJS.Timeout | undefined;
  private nextId: number;
  private closed = false;

  constructor(private readonly options: EventStreamOptions) {
    this.nextId = options.firstId;
  }

  start(): void {
    const { events, heartbeatMs, retryMs } = this.options;
    // 'close' comes when the client goes away (Fastify destroys the body) or after close().
    this.body.once('close', () => this.close());
    this.cleanups.push(events.subscribe((event) => this.onEvent(event)));
    if (events.onResync) {
      this.cleanups.push(events.onResync(() => this.enqueue(() => this.resync())));
    }
    this.write(sseRetry(retryMs));
    // The session may have ended between authenticating and subscribing.
    this.enqueue(async () => {
      if (await this.checkSession()) this.update(await this.load(), false);
    });
    this.heartbeat = setInterval(() => this.write(sseComment(EventName.Heartbeat)), heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Ends the response and lets go of the bus; safe to call more than once. What was written still
   * goes out, but a client that does not read it within CLOSE_GRACE_MS is cut off.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.sessionCheck);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.body.destroyed) return;
    this.body.end();
    const cutOff = setTimeout(() => this.body.destroy(), CLOSE_GRACE_MS);
    cutOff.unref();
    this.body.once('close', () => clearTimeout(cutOff));
  }

  private onEvent(event: ServerEvent): void {
    if (event.type === 'sessions-ended') {
      if (endsSession(event, this.options.userId, this.options.sessionId)) this.close();
    } else if (event.type === 'poke') {
      const { notebookId, version } = event;
      this.enqueue(() => {
        if (this.told.has(notebookId)) this.poke(notebookId, version);
      });
    } else if (event.userId === this.options.userId) {
      const { notebookId, change } = event;
      this.enqueue(async () => {
        const current = await this.load();
        this.membership({ notebookId, change });
        this.update(current, false);
      });
    }
  }

  private enqueue(task: () => void | Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : task()))
      .catch((error: unknown) => {
        // The client reconnects (retry:) and gets a full replay, which is the recovery.
        this.options.log.error({ err: error }, 'event stream failed; closing it');
        this.close();
      });
  }

  private load(): Promise<Map<string, number>> {
    return userNotebooks(this.options.database, this.options.userId);
  }

  /** After events may have been missed: say which notebooks were joined or left, poke what moved. */
  private async resync(): Promise<void> {
    if (!(await this.checkSession())) return;
    this.update(await this.load(), true);
  }

  /**
   * Closes the stream if its session has ended; otherwise looks again when it would expire, and
   * at least every SESSION_RECHECK_MS, which also catches an end whose event never arrived.
   */
  private async checkSession(): Promise<boolean> {
    clearTimeout(this.sessionCheck);
    const expiresAt = await sessionExpiry(this.options.database, this.options.sessionId);
    const now = Date.now();
    if (expiresAt === undefined || expiresAt <= now) {
      this.close();
      return false;
    }
    if (this.closed) return false;
    const delay = Math.min(expiresAt - now + 1, SESSION_RECHECK_MS);
    this.sessionCheck = setTimeout(
      () => this.enqueue(async () => void (await this.checkSession())),
      delay,
    );
    this.sessionCheck.unref();
    return true;
  }

  /**
   * Takes `current` (notebook → version) as the user's notebook set and pokes each notebook whose
   * version this connection has not announced yet, which on the first call is all of them.
   */
  private update(current: Map<string, number>, announce: boolean): void {
    for (const notebookId of [...this.told.keys()]) {
      if (current.has(notebookId)) continue;
      this.told.delete(notebookId);
      if (announce) this.membership({ notebookId, change: MembershipChange.Removed });
    }
    for (const [notebookId, version] of current) {
      if (announce && !this.told.has(notebookId)) {
        this.membership({ notebookId, change: MembershipChange.Added });
      }
      this.poke(notebookId, version);
    }
  }

  /** Sends a poke unless this connection already announced `version` or a later one. */
  private poke(notebookId: string, version: number): void {
    const told = this.told.get(notebookId);
    if (told !== undefined && version <= told) return;
    this.told.set(notebookId, version);
    const data: PokeEvent = { notebookId, version };
    this.write(sseEvent(this.nextId++, EventName.Poke, data));
  }

  private membership(data: MembershipEvent): void {
    this.write(sseEvent(this.nextId++, EventName.Membership, data));
  }

  private write(frame: string): void {
    if (this.closed) return;
    this.body.write(frame);
    if (this.body.writableLength > MAX_BUFFERED_BYTES) {
      this.options.log.warn(
        { bufferedBytes: this.body.writableLength },
        'event stream client is not reading; closing the stream',
      );
      this.close();
      this.body.destroy();
    }
  }
}
