// What a mutator is given: the push's unit of work (its transaction, who is writing, and a
// clock read once per push), and the server's limits.
import type { PushBatch } from './PushBatch.js';

export interface MutationContext {
  batch: PushBatch;
  /** The largest attachment the server accepts (MAX_UPLOAD_BYTES); the protocol default unset. */
  maxUploadBytes?: number;
}

/** A change a mutation made: the notebook it touched and the version it took. */
export interface MutationEffect {
  notebookId: string;
  version: number;
  /** Membership-level change to announce: the notebook was created (by the writer) or deleted. */
  notebook?: 'created' | 'deleted';
}
