// Runs a transaction again when the database aborted it only because of concurrency: a
// PostgreSQL deadlock (40P01) or serialization failure (40001), or a busy SQLite file.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

const RETRYABLE = new Set(['40P01', '40001', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);
const ATTEMPTS = 6;

export async function withRetry<T>(_database: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
