// Server events that must reach every server instance: a notebook moved to a new version (so
// open apps pull), or a user's membership changed. The event stream and the push fan-out
// subscribe; the sync and notebook routes publish after their transaction commits.
import type { MembershipChange } from '../../src/protocol/events.js';

export type ServerEvent =
  | {
      type: 'poke';
      notebookId: string;
      version: number;
      /** the client whose change it was */ originClientId?: string;
    }
  | { type: 'membership'; notebookId: string; userId: string; change: MembershipChange };

export type ServerEventListener = (event: ServerEvent) => void;

export interface EventBus {
  /** Delivers to every subscriber on every instance (including this one). */
  publish(event: ServerEvent): Promise<void>;
  subscribe(listener: ServerEventListener): () => void;
  close(): Promise<void>;
}
