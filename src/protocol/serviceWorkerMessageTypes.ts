// The names of the messages between the page and the service worker (serviceWorkerMessages.ts
// has the schemas and the whole picture), apart from zod: the shell checks a message's type
// before it loads the parser.

/** Page → service worker. */
export const PageMessageType = {
  SkipWaiting: 'SKIP_WAITING',
  GetVersion: 'GET_VERSION',
  /** The page's push failed offline: deliver the outbox when the network returns. */
  QueueOutbox: 'QUEUE_OUTBOX',
} as const;

/** Service worker → page. */
export const WorkerMessageType = {
  /** Show this same-origin URL with the router (a notification was clicked). */
  Navigate: 'tideline-navigate',
  /** Stop was pressed on the ongoing recording notification: stop and save the memo. */
  StopRecording: 'tideline-stop-recording',
} as const;

/** The page's answer to a navigate message: it showed the URL itself. */
export const NAVIGATED_REPLY = 'ok';
