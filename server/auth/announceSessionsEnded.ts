// Tells every server instance that some of a user's sessions ended, so their open event streams
// close wherever they are. The sessions are already gone from the database when this runs: a
// lost announcement only delays the close until the stream's next session check
// (EventStream.ts), it never keeps a session alive.
import type { FastifyBaseLogger } from 'fastify';
import type { EventBus } from '../events/EventBus.js';

/** Session ids per event: keeps each NOTIFY payload small. */
const CHUNK = 100;

export async function announceSessionsEnded(
  events: EventBus,
  log: FastifyBaseLogger,
  userId: string,
  ended: { sessionIds: readonly string[] } | { exceptSessionId: string },
): Promise<void> {
  try {
    if ('exceptSessionId' in ended) {
      await events.publish({
        type: 'sessions-ended',
        userId,
        exceptSessionId: ended.exceptSessionId,
      });
      return;
    }
    for (let start = 0; start < ended.sessionIds.length; start += CHUNK) {
      const sessionIds = ended.sessionIds.slice(start, start + CHUNK);
      await events.publish({ type: 'sessions-ended', userId, sessionIds });
    }
  } catch (error) {
    log.warn(
      { err: error },
      'could not announce ended sessions; their streams close at the next check',
    );
  }
}
