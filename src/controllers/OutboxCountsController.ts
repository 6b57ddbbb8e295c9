// The outbox counted from the database: changes waiting to be sent and changes the server
// refused. The database is the one source of truth for both: the engine's own count is only
// brought up to date when the engine runs, while the service worker (which delivers the outbox
// when the page is closed or offline), the sync worker and other tabs remove rows behind its back.
// A live query sees their writes too (Dexie broadcasts them between contexts).
//
// Its own module, so the status bar loads it (with the database) only once someone is signed in.
import type { ReactiveControllerHost } from 'lit';
import { getDb } from '../db/db';
import { countPending } from '../db/queries';
import { LiveQueryController } from './LiveQueryController';

export interface OutboxCounts {
  /** Changes waiting in the outbox. */
  pending: number;
  /** Changes the server refused (the dead-letter list). */
  refused: number;
}

export const NO_OUTBOX_COUNTS: OutboxCounts = { pending: 0, refused: 0 };

export function watchOutboxCounts(host: ReactiveControllerHost): LiveQueryController<OutboxCounts> {
  const db = getDb();
  return new LiveQueryController(host, async () => ({
    pending: await countPending(db),
    refused: await db.deadLetters.count(),
  }));
}
