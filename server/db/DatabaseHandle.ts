// What `openDatabase` hands back: the typed Kysely instance plus the facts the
// rest of the server needs about it, whichever dialect is underneath.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../../src/protocol/health.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DatabaseKind;
  /** PostgreSQL: the schema Tideline's tables live in. SQLite: undefined. */
  readonly schema: string | undefined;
  /** Where the data lives, safe to log (never includes a password). */
  describe(): string;
  /** Closes every connection; safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * PostgreSQL only: keep Tideline's tables in this schema (created if missing)
   * by setting `search_path` on every connection. Tests use it to get a fresh
   * database per suite inside one PostgreSQL database.
   */
  pgSchema?: string;
  /** Called when an idle pooled connection fails (e.g. PostgreSQL restarted). */
  onIdleError?: (error: Error) => void;
}
