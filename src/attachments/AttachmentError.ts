// The failures of attaching, uploading and opening files, as one typed error with a code the UI
// branches on. Every message says what happened and what the person can do; nothing they
// attached is lost by any of them (see attachFile.ts).
export const AttachmentErrorCode = {
  /** Larger than the server accepts (checked before anything is stored). */
  TooLarge: 'too-large',
  /** The device is out of space for it. */
  QuotaExceeded: 'quota-exceeded',
  /** The entry already has AttachmentLimits.perEntryMax files. */
  TooMany: 'too-many',
  /** The bytes are not on this device and cannot be fetched now. */
  Unavailable: 'unavailable',
  /** The server has not received the bytes yet (the author's upload is under way). */
  NotUploaded: 'not-uploaded',
  /** Bytes on the device are missing or do not match their hash. */
  Missing: 'missing',
  /** No entry (or no attachment) by that id here. */
  NotFound: 'not-found',
} as const;
export type AttachmentErrorCode = (typeof AttachmentErrorCode)[keyof typeof AttachmentErrorCode];

export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  /** Field-level issues (none: the message says it all), as other local errors carry. */
  readonly issues: readonly { path: string; message: string }[] = [];

  constructor(
    readonly code: AttachmentErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

const units = ['bytes', 'KB', 'MB', 'GB'];

/** "4.2 MB": a size in words for messages and the UI. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0);
  return `${shown} ${units[unit]}`;
}
