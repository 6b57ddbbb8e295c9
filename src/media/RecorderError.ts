// Why a voice memo could not be recorded, typed by code, each with what the person can do.

export const RecorderErrorCode = {
  /** No MediaRecorder or no microphone API (or not a secure context). */
  Unsupported: 'unsupported',
  /** The person, or a browser policy, refused the microphone. */
  Denied: 'denied',
  NoMicrophone: 'no-microphone',
  /** Another app holds the microphone, or the hardware failed. */
  Unavailable: 'unavailable',
  /** A memo is already being recorded on this device. */
  Busy: 'busy',
} as const;
export type RecorderErrorCode = (typeof RecorderErrorCode)[keyof typeof RecorderErrorCode];

const MESSAGES: Record<RecorderErrorCode, string> = {
  unsupported:
    'This browser cannot record audio. Voice memos need a recent Chrome, Edge, Firefox or Safari.',
  denied:
    'Tideline is not allowed to use the microphone. To record memos, allow it in the site settings (the icon at the left of the address bar, or your browser’s Settings → Privacy → Microphone), then press Record again.',
  'no-microphone': 'No microphone was found. Connect one, then press Record again.',
  unavailable:
    'The microphone could not be started: another app may be using it. Close that app, then press Record again.',
  busy: 'A voice memo is already being recorded. Stop it before starting another.',
};

export class RecorderError extends Error {
  override readonly name = 'RecorderError';

  constructor(
    readonly code: RecorderErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
  }
}

/** Classifies a `getUserMedia` failure. */
export function recorderErrorFrom(error: unknown): RecorderError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new RecorderError(RecorderErrorCode.Denied, { cause: error });
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new RecorderError(RecorderErrorCode.NoMicrophone, { cause: error });
  }
  return new RecorderError(RecorderErrorCode.Unavailable, { cause: error });
}
