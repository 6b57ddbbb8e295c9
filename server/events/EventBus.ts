// Server events that must reach every server instance: a notebook moved to a new version (so
// open apps pull), a user's membership changed, or some of a user's sessions ended. The event stream and the push fan-out
// subscribe; the sync and notebook routes publish after their transaction commits.
import type { MembershipChange } from '../../src/protocol/events.js';

export type ServerEvent =
  | {
      type: 'poke';
      notebookId: string;
      version: number;
      /** the client whose change it was */ originClientId?: string;
    }
  | { type: 'membership'; notebookId: string; userId: string; change: MembershipChange }
  | SessionsEndedEvent;

/**
 * Some of a user's sessions ended (signed out, revoked, a password change): their open event
 * streams close, on whichever instance holds them. `sessionIds` names them; without it, every
 * session of the user except `exceptSessionId` ended.
 */
export interface SessionsEndedEvent {
  type: 'sessions-ended';
  userId: string;
  sessionIds?: string[];
  exceptSessionId?: string;
}

/** Whether `event` ends the session `sessionId` of `userId`. */
export function endsSession(event: SessionsEndedEvent, userId: string, sessionId: string): boolean {
  if (event.userId !== userId) return false;
  if (event.sessionIds !== undefined) return event.sessionIds.includes(sessionId);
  return event.exceptSessionId !== sessionId;
}

export type ServerEventListener = (event: ServerEvent) => void;

export interface EventBus {
  /** Delivers to every subscriber on every instance (including this one). */
  publish(event: ServerEvent): Promise<void>;
  subscribe(listener: ServerEventListener): () => void;
  /**
   * Calls `listener` whenever this instance may have missed events from other instances (its
   * connection to them dropped and came back). A subscriber that keeps state derived from events
   * should rebuild it from the database then. Optional: a bus that cannot miss events (one
   * process) never calls it.
   */
  onResync?(listener: () => void): () => void;
  close(): Promise<void>;
}
