// Why recording a track, or importing one, could not go on: a typed error with a code and a
// message that says what the person can do.
export const RecorderErrorCode = {
  Busy: 'busy',
  Idle: 'idle',
  Unsupported: 'unsupported',
  Empty: 'empty',
  TooLarge: 'too-large',
} as const;
export type RecorderErrorCode = (typeof RecorderErrorCode)[keyof typeof RecorderErrorCode];

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
  constructor(
    readonly code: RecorderErrorCode,
    message: string,
  ) {
    super(message);
  }
}
