// What a mutator is given: the transaction, who is writing, and a clock read once per push.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface MutationContext {
  tx: Transaction<Database>;
  userId: string;
  now: number;
}

/** A change a mutation made: the notebook it touched and the version it took. */
export interface MutationEffect {
  notebookId: string;
  version: number;
  /** Membership-level change to announce: the notebook was created (by the writer) or deleted. */
  notebook?: 'created' | 'deleted';
}
