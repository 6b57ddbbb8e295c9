// What the event bus throws on purpose; callers branch on `code`.
export const EventBusErrorCode = {
  Closed: 'closed',
  PayloadTooLarge: 'payload-too-large',
  ConnectionLost: 'connection-lost',
} as const;
export type EventBusErrorCode = (typeof EventBusErrorCode)[keyof typeof EventBusErrorCode];

export class EventBusError extends Error {
  override readonly name = 'EventBusError';
  readonly code: EventBusErrorCode;

  constructor(code: EventBusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
