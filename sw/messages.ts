// The service worker's end of the page's messages (src/protocol/serviceWorkerMessages.ts). The page asks the waiting worker to take
// over ("Update available — reload"), asks any worker which build it runs, and hands it the
// outbox when a push failed for lack of network (outboxDelivery.ts).
//
// Taking over waits for the sync lock: the waiting worker calls skipWaiting only once no sync run
// (the page's, a worker's or the old service worker's) holds it, so no run is cut off by the
// update. It lets the lock go as soon as it has asked: the browser activates it only once the old
// worker has no event in flight, so a run the old worker starts after that (a `sync` or `push`
// that reaches it first) finishes before the switch — and holding the lock until activation
// would deadlock with that run. The outbox lives in IndexedDB, which both versions share, so an
// update never touches it.
import {
  PageMessageType,
  parsePageMessage,
  type QueueOutboxReply,
  type VersionReply,
} from '../src/protocol/serviceWorkerMessages';
import { SYNC_LOCK_NAME } from '../src/sync/SyncLock';
import { queueOutboxDelivery } from './outboxDelivery';
import { sw } from './scope';

export function onMessage(event: ExtendableMessageEvent): void {
  const message = parsePageMessage(event.data);
  if (!message) return;
  const reply = (answer: VersionReply | QueueOutboxReply) => event.ports[0]?.postMessage(answer);
  switch (message.type) {
    case PageMessageType.SkipWaiting:
      event.waitUntil(skipWaitingWhenNoSync());
      break;
    case PageMessageType.GetVersion:
      reply({ version: __APP_VERSION__, buildId: __BUILD_ID__ });
      break;
    case PageMessageType.QueueOutbox:
      event.waitUntil(
        queueOutboxDelivery().then(
          () => reply({ queued: true }),
          (error: unknown) => {
            reply({ queued: false });
            throw error;
          },
        ),
      );
      break;
  }
}

/** Asks to activate this (waiting) worker once no sync run holds the lock; resolves when active. */
async function skipWaitingWhenNoSync(): Promise<void> {
  if (!('locks' in navigator)) {
    await sw.skipWaiting();
    return;
  }
  let activation: Promise<void> = Promise.resolve();
  await navigator.locks.request(SYNC_LOCK_NAME, async () => {
    activation = sw.skipWaiting();
  });
  await activation;
}
