// The event bus of a single server instance (SQLite): subscribers in this process only. PgEventBus
// uses one for its local delivery, so "deliver to this process" is written once.
import type { EventBus, ServerEvent, ServerEventListener } from './EventBus.js';

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<ServerEventListener>();
  private readonly resyncListeners = new Set<() => void>();

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
    // A wrapper per call, so subscribing the same function twice needs two unsubscribes.
    const entry: ServerEventListener = (event) => listener(event);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  onResync(listener: () => void): () => void {
    const entry = () => listener();
    this.resyncListeners.add(entry);
    return () => this.resyncListeners.delete(entry);
  }

  /** Tells this process's resync listeners that events may have been missed. */
  resync(): void {
    for (const listener of [...this.resyncListeners]) {
      try {
        listener();
      } catch {
        // As in deliver(): one listener's failure does not stop the rest.
      }
    }
  }

  /** Subscribers and resync listeners still registered (tests check that streams clean up). */
  get listenerCount(): number {
    return this.listeners.size + this.resyncListeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.resyncListeners.clear();
  }
}
