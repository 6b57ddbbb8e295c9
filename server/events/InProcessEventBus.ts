// The event bus of a single server instance (SQLite): subscribers in this process only.
import type { EventBus, ServerEvent, ServerEventListener } from './EventBus.js';

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<ServerEventListener>();

  async publish(event: ServerEvent): Promise<void> {
    this.deliver(event);
  }

  /** Hands an event to this process's subscribers; a failing subscriber does not stop the rest. */
  deliver(event: ServerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's own failure is its business; the others still get the event.
      }
    }
  }

  subscribe(listener: ServerEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
