// The page's sync: one SyncEngine over the shared local database, talking to this origin's API
// (the session cookie rides along), with its state in a Store for the status bar. Every local
// write this page commits (announced by sync/LocalWrites.ts) makes it push soon; pages call
// `syncNow()` for "Sync now".
//
// When a push fails for lack of network with changes still waiting, the outbox is handed to the
// service worker (once per offline spell), which delivers it when the network returns — even
// after every page is closed (sw/outboxDelivery.ts). So is an outbox the page leaves behind while
// backing off from a busy server. While the page is open its engine also retries on its own,
// with backoff, when the server is unreachable though the browser is online; the page becoming
// visible (and the event stream reconnecting, state/events.ts) tries at once. Runs made elsewhere (the service worker, the
// sync worker) are announced on the `tideline` channel; the engine then reloads its counts.
import { onActivityChanged } from '../db/activityChannel';
import { getDb } from '../db/db';
import { Trigger } from '../db/db';
import { createFetchTransport } from '../sync/createFetchTransport';
import { SyncEngine, SyncStatus, type SyncState } from '../sync/SyncEngine';
import { SYNC_LOCK_NAME, createSyncLock } from '../sync/SyncLock';
import { WriteStatus, localWrites } from '../sync/LocalWrites';
import {
  PageMessageType,
  isOutboxQueued,
  type PageMessage,
} from '../protocol/serviceWorkerMessages';
import { syncStore } from './syncStore';

export { syncStore };

const HAND_OFF_TIMEOUT_MS = 5000;

let engine: SyncEngine | undefined;
/** Whether the outbox was handed to the service worker during the current offline spell. */
let handedOff = false;

/** The page's engine, created and started on first use. */
export function getSyncEngine(): SyncEngine {
  if (!engine) {
    engine = new SyncEngine({
      db: getDb(),
      transport: createFetchTransport({ baseUrl: '' }),
      lock: createSyncLock(),
      // The browser retries nothing for a page (Firefox and Safari have no `sync` event): while it
      // says it is online and the server does not answer, the engine retries by itself.
      unreachable: { isOnline: () => navigator.onLine },
    });
    engine.subscribe(onState);
    localWrites.subscribe((write) => {
      if (write.status === WriteStatus.Committed) engine?.notifyLocalWrite();
    });
    window.addEventListener('online', () => engine?.online());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void engine?.retryNow(Trigger.Foreground);
    });
    // Leaving while the server is busy: the page's retry timer dies with it, so the worker
    // (whose `sync` event the browser retries) takes the outbox over.
    window.addEventListener('pagehide', () => {
      const state = engine?.state;
      if (state?.status === SyncStatus.Backoff && state.pendingCount > 0 && !handedOff) {
        handedOff = true;
        void handOutboxToServiceWorker();
      }
    });
    onActivityChanged(() => {
      if (engine?.state.status !== SyncStatus.Syncing) void engine?.start();
    });
    void engine.start();
  }
  return engine;
}

function onState(state: SyncState): void {
  syncStore.set(state);
  if (state.status === SyncStatus.Offline && state.pendingCount > 0 && !handedOff) {
    handedOff = true;
    void handOutboxToServiceWorker().then((queued) => {
      if (!queued) handedOff = false;
    });
  } else if (state.status === SyncStatus.Idle) {
    handedOff = false;
  }
}

/**
 * Asks the service worker to deliver the outbox once the network returns. Resolves false where
 * there is no worker (or it does not answer): the outbox then waits for the next start.
 *
 * An update that is waiting gets the message rather than the active worker: the queue and the
 * sync registration both versions use are shared, and waking the old worker while the new one
 * asks to take over would hold the update back until the old one is idle again (Chromium waits
 * for its idle timeout, about 30 s).
 */
async function handOutboxToServiceWorker(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker.getRegistration();
  const worker = registration?.waiting ?? registration?.active;
  if (!worker) return false;
  const channel = new MessageChannel();
  const reply = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent) => resolve(isOutboxQueued(event.data));
    setTimeout(() => resolve(false), HAND_OFF_TIMEOUT_MS);
  });
  const message: PageMessage = { type: PageMessageType.QueueOutbox };
  worker.postMessage(message, [channel.port2]);
  const queued = await reply;
  channel.port1.close();
  return queued;
}

/**
 * Before an update takes over: no new run starts on this page, and the run in flight (here or in
 * any other context holding the sync lock) finishes first. The outbox stays in IndexedDB.
 */
export async function finishSyncForUpdate(): Promise<void> {
  engine?.stop();
  await engine?.settled();
  if ('locks' in navigator) await navigator.locks.request(SYNC_LOCK_NAME, async () => undefined);
}

export function syncNow(): Promise<unknown> {
  return getSyncEngine().trigger(Trigger.Manual);
}
