// Picks the event bus for the storage in use: PostgreSQL may have several server instances, so
// events cross them with LISTEN/NOTIFY; SQLite means one instance, so events stay in process.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { postgresTarget } from '../db/openPostgres.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import type { EventBus } from './EventBus.js';
import type { EventBusLog } from './EventBusLog.js';
import { InProcessEventBus } from './InProcessEventBus.js';
import { PgEventBus } from './PgEventBus.js';

export async function openEventBus(
  database: DatabaseHandle,
  databaseUrl: string | undefined,
  log: EventBusLog,
): Promise<EventBus> {
  if (database.dialect !== 'postgres') return new InProcessEventBus();
  if (databaseUrl === undefined) throw new TypeError('a PostgreSQL database needs its URL');
  try {
    return await PgEventBus.open({ database, databaseUrl, log });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      StartupErrorCode.databaseUnreachable,
      `Cannot listen for events on PostgreSQL at ${postgresTarget(databaseUrl)} (${reason}): check DATABASE_URL and that the server accepts another connection`,
      { cause: error },
    );
  }
}
