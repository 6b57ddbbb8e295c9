// The event streams open on this instance, and how many each session, user and the instance may
// have. A new stream over a limit:
//
//   its session has PER_SESSION open  → the session's oldest stream is closed, the new one admitted
//                                       (a device whose network changed leaves dead streams behind;
//                                       its reconnect must not be refused because of them)
//   its user has PER_USER open        → refused, 429 with Retry-After
//   the instance has `max` open       → refused, 503 with Retry-After
//
// A refused EventSource stops; the page opens it again after a pause (src/state/events.ts).
import { ApiError } from '../errors.js';
import type { EventStream } from './EventStream.js';

/** Streams one session (one browser profile or token) may hold: visible tabs and windows. */
export const STREAMS_PER_SESSION = 8;
/** Streams one account may hold over all its devices. */
export const STREAMS_PER_USER = 32;
/** What a refused client is told to wait. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

interface Entry {
  stream: EventStream;
  userId: string;
  sessionId: string;
}

export class EventStreamRegistry {
  private readonly open = new Set<Entry>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Makes room for a stream of this session and user, or throws the refusal. Call before the
   * stream starts; then add() it.
   */
  admit(userId: string, sessionId: string): void {
    const ofSession = [...this.open].filter((entry) => entry.sessionId === sessionId);
    if (ofSession.length >= STREAMS_PER_SESSION) {
      // Oldest first: a Set iterates in insertion order.
      for (const entry of ofSession.slice(0, ofSession.length - STREAMS_PER_SESSION + 1)) {
        this.remove(entry);
        entry.stream.close();
      }
      return;
    }
    const ofUser = [...this.open].filter((entry) => entry.userId === userId).length;
    if (ofUser >= STREAMS_PER_USER) {
      throw refusal(
        429,
        `Your account has ${STREAMS_PER_USER} live connections open already; close some tabs or devices.`,
      );
    }
    if (this.open.size >= this.max) {
      throw refusal(503, 'The server has too many live connections open; it will retry.');
    }
  }

  add(stream: EventStream, userId: string, sessionId: string): void {
    const entry = { stream, userId, sessionId };
    this.open.add(entry);
    stream.body.once('close', () => this.remove(entry));
  }

  /** Closes every stream (the server is shutting down). */
  closeAll(): void {
    for (const entry of [...this.open]) {
      this.remove(entry);
      entry.stream.close();
    }
  }

  private remove(entry: Entry): void {
    this.open.delete(entry);
  }
}

function refusal(status: 429 | 503, message: string): ApiError {
  return new ApiError(status, status === 429 ? 'too-many-requests' : 'server-busy', message, {
    headers: { 'retry-after': String(STREAM_RETRY_AFTER_SECONDS) },
  });
}
