// Thrown by a mutator when a mutation can never succeed (bad arguments, no permission, unknown
// notebook…). The push records it as a durable rejection and moves on to the next mutation.
export const RejectionCode = {
  InvalidArgs: 'invalid-args',
  UnknownMutation: 'unknown-mutation',
  NotFound: 'not-found',
  Forbidden: 'forbidden',
  AlreadyExists: 'already-exists',
  WrongNotebook: 'wrong-notebook',
  NotConflicted: 'not-conflicted',
  /** A file larger than the server's MAX_UPLOAD_BYTES. */
  TooLarge: 'too-large',
  /** A per-entry limit (attachments on one entry) is reached. */
  LimitReached: 'limit-reached',
} as const;
export type RejectionCode = (typeof RejectionCode)[keyof typeof RejectionCode];

export class MutationRejected extends Error {
  override name = 'MutationRejected';

  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}
