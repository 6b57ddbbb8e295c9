// Offline write delivery. The Dexie outbox is the source of truth; a workbox-background-sync
// Queue only remembers THAT there is something to deliver (a marker request, never replayed), so
// the browser wakes this worker to push it — with no page open — when the network returns.
//
//   page push fails with OfflineError ──PageMessageType.QueueOutbox──▶ queueOutboxDelivery()
//        one marker in the Queue, registration.sync.register('workbox-background-sync:tideline-outbox')
//        (Background Sync missing or blocked: delivered at every worker start instead)
//                                   │
//   `sync` event ─▶ deliverOutbox() ▼  runServiceWorkerSync(Trigger.Sync): under the Web Lock,
//                                      the outbox from Dexie in mutation order, then a pull
//        ok ────────────────────────▶ markers removed
//        ServerBusyError (429/5xx) ─▶ wait (Retry-After, else backoff) and run again inside the
//                                      same event, up to MAX_ATTEMPTS; then keep the markers and
//                                      rethrow so the browser retries later
//        OfflineError ──────────────▶ keep the markers, rethrow (the browser retries)
//        AuthRequiredError (401) ───▶ markers removed, no retry: the outbox waits, intact, until
//                                      sign-in resumes the page's engine
//        ProtocolError ─────────────▶ markers removed, no retry (a retry cannot help); the outbox
//                                      stays and the page's engine shows the error
//        anything else ─────────────▶ keep the markers, rethrow
//
// A server rejection is not an error here: the sync core moves it to dead letters and
// acknowledges it. Replays push what the outbox holds at that moment, never a stale body, so a
// replay racing a page-side push is harmless (the Web Lock serialises them, the server skips
// mutation ids it has applied). A marker may expire (MAX_RETENTION_MINUTES); the outbox rows it
// stood for do not: every run (sync, periodic sync, push, the page's next start) pushes them, and
// a worker that activates with a non-empty outbox queues a marker again.
import { Queue } from 'workbox-background-sync';
import { getDb, Trigger } from '../src/db/db';
import { Limits } from '../src/protocol/limits';
import { DEFAULT_BACKOFF, backoffDelay } from '../src/sync/backoff';
import { AuthRequiredError, ProtocolError, ServerBusyError } from '../src/sync/errors';
import { sw } from './scope';
import { runServiceWorkerSync } from './swSync';

export const OUTBOX_QUEUE_NAME = 'tideline-outbox';
/** The tag Workbox registers for the queue (its `workbox-background-sync:` prefix + name). */
export const OUTBOX_SYNC_TAG = `workbox-background-sync:${OUTBOX_QUEUE_NAME}`;
/** A week: a marker older than this is dropped (the outbox rows are not; see the header). */
export const MAX_RETENTION_MINUTES = 7 * 24 * 60;
/** Runs per event when the server is busy, before leaving the retry to the browser. */
export const MAX_ATTEMPTS = 4;
/** A Retry-After longer than this is left to the browser's own retry schedule. */
export const MAX_WAIT_IN_EVENT_MS = 60_000;

/**
 * Mutations per request when delivering a backlog: the protocol's maximum, so a thousand queued
 * changes take two round trips and two local acknowledgements rather than ten.
 */
const DELIVERY_BATCH_SIZE = Limits.mutationsPerPush;

let queue: Queue | undefined;

/** The marker stands for "the outbox has rows to deliver"; it is never sent. */
function marker(): Request {
  return new Request(new URL('/api/sync/push', sw.location.origin).href, { method: 'POST' });
}

function hasBackgroundSync(): boolean {
  return 'sync' in sw.registration;
}

/**
 * Creates the Queue; call once while the worker script is evaluated (it adds a `sync` listener).
 * Where `sync` events cannot come — the API is missing (Workbox then calls onSync now) or the
 * user blocked background sync for this site — the outbox is delivered at every worker start.
 */
export function setUpOutboxDelivery(): void {
  const q = new Queue(OUTBOX_QUEUE_NAME, {
    maxRetentionTime: MAX_RETENTION_MINUTES,
    onSync: ({ queue: synced }) =>
      hasBackgroundSync() ? deliverOutbox(synced, OUTBOX_SYNC_TAG) : deliverAtStart(synced),
  });
  queue = q;
  if (hasBackgroundSync()) {
    void backgroundSyncPermitted().then((permitted) => {
      if (!permitted) return deliverAtStart(q);
    });
  }
}

async function backgroundSyncPermitted(): Promise<boolean> {
  try {
    const status = await navigator.permissions.query({
      name: 'background-sync' as PermissionName,
    });
    return status.state === 'granted';
  } catch {
    return true;
  }
}

/**
 * The replay at worker start: only when something waits, and nobody awaits it, so a failure is
 * left in the activity log (the sync core records it) for the next start to retry.
 */
async function deliverAtStart(q: Queue): Promise<void> {
  // Offline, a run could only fail: leave it (and the log) for a start with a network.
  if (!navigator.onLine) return;
  await deliverOutbox(q, OUTBOX_SYNC_TAG, { onlyIfPending: true }).catch(() => undefined);
}

function getQueue(): Queue {
  if (!queue) throw new Error('setUpOutboxDelivery() must run before the outbox is queued');
  return queue;
}

/** Remembers that the outbox needs delivering and asks the browser for a `sync` event. */
export async function queueOutboxDelivery(): Promise<void> {
  const q = getQueue();
  if ((await q.size()) === 0) {
    await q.pushRequest({ request: marker(), metadata: { queuedAt: Date.now() } });
  } else if (hasBackgroundSync()) {
    await q.registerSync();
  }
}

/** After an update: a worker that takes over a non-empty outbox makes sure it gets delivered. */
export async function requeueUndelivered(): Promise<void> {
  if ((await getDb().outbox.count()) > 0) await queueOutboxDelivery();
}

/** A `sync` event with a tag of its own (not the queue's): the same delivery, under that tag. */
export function deliverForTag(tag: string): Promise<void> {
  return deliverOutbox(getQueue(), tag);
}

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function deliverOutbox(
  q: Queue,
  tag: string,
  options: { onlyIfPending?: boolean } = {},
): Promise<void> {
  const markers = (await q.getAll()).length;
  if (options.onlyIfPending && markers === 0 && (await getDb().outbox.count()) === 0) {
    return;
  }
  const dropMarkers = async () => {
    for (let i = 0; i < markers; i += 1) await q.shiftRequest();
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runServiceWorkerSync(Trigger.Sync, { tag, pushBatchSize: DELIVERY_BATCH_SIZE });
      await dropMarkers();
      return;
    } catch (error) {
      if (error instanceof AuthRequiredError || error instanceof ProtocolError) {
        await dropMarkers();
        return;
      }
      if (!(error instanceof ServerBusyError) || attempt >= MAX_ATTEMPTS) {
        await keepMarker(q, markers);
        throw error;
      }
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF, Math.random, error.retryAfterMs ?? 0);
      if (delay > MAX_WAIT_IN_EVENT_MS) {
        await keepMarker(q, markers);
        throw error;
      }
      await wait(delay);
    }
  }
}

/** A failed delivery keeps (or restores) one marker, so the next worker start retries it. */
async function keepMarker(q: Queue, markers: number): Promise<void> {
  if (markers > 0 || (await getDb().outbox.count()) === 0) return;
  await q.unshiftRequest({ request: marker(), metadata: { queuedAt: Date.now() } });
}
