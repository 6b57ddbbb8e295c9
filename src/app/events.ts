// The page's end of the event stream (GET /api/events, Server-Sent Events). While someone is
// signed in, the page is visible, the browser is online and sync is not paused for sign-in, one
// EventSource listens; a `poke` for a notebook this device is behind on, or a change to the
// user's own membership, triggers a sync. A hidden page leaves the stream closed: Web Push and
// background sync cover it, and the stream replays what moved when the page shows again.
//
//   wanted ──open──▶ connected ──dropped──▶ EventSource reconnects by itself (server's `retry:`);
//                        │                  each (re)connect retries a sync that failed at once
//                        │
//                        └──HTTP error (401 once the session ended, a proxy's 502)──▶ closed for
//                           good by EventSource: sync once (a 401 there pauses sync for sign-in,
//                           which closes the stream here too) and open again after a pause
//
// Every (re)connect starts with a poke per notebook at its current version, so nothing missed
// while disconnected is lost. Pokes arrive in bursts (one per notebook on connect), so they are
// gathered for a few milliseconds; then, once any sync run in flight has ended (the device's own
// push is poked back while its run is still pulling), they are compared with the cursors, and a
// notebook this device is behind on starts a sync at once: a teammate waits for nothing else.
import type { z } from 'zod';
import { Trigger, getDb } from '../db/db';
import { EventName, membershipEventSchema, pokeEventSchema } from '../protocol/events';
import { SyncStatus } from '../sync/SyncEngine';
import { onlineStore } from './connectivity';
import { SessionStatus, sessionStore } from './session';
import { getSyncEngine, syncStore } from './sync';

/** How long to wait before opening the stream again after an HTTP error closed it. */
const REOPEN_AFTER_FAILURE_MS = 30_000;
/** How long a burst of pokes is gathered before the cursors are checked. */
const POKE_GATHER_MS = 10;

function parse<S extends z.ZodType>(schema: S, data: string): z.infer<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the stream open exactly while it is wanted. Returns a function that stops it for good. */
export function startEventStream(): () => void {
  let source: EventSource | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let pokeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Notebook → the highest version poked since the last check. */
  const poked = new Map<string, number>();

  const wanted = (): boolean =>
    sessionStore.value.status === SessionStatus.SignedIn &&
    document.visibilityState === 'visible' &&
    onlineStore.value &&
    syncStore.value.status !== SyncStatus.PausedAuth;

  function reconcile(): void {
    if (!wanted()) close();
    else if (!source && reopenTimer === undefined) open();
  }

  function open(): void {
    source = new EventSource('/api/events');
    source.addEventListener(EventName.Poke, onPoke);
    source.addEventListener(EventName.Membership, onMembership);
    source.addEventListener('error', onError);
    // Each (re)connect means the server answers again: a write waiting for its retry goes now.
    source.addEventListener('open', () => void getSyncEngine().retryNow(Trigger.Retry));
  }

  function close(): void {
    source?.close();
    source = undefined;
    if (reopenTimer !== undefined) clearTimeout(reopenTimer);
    reopenTimer = undefined;
  }

  function onError(): void {
    if (source?.readyState !== EventSource.CLOSED) return;
    if (import.meta.env.DEV) console.warn('Event stream refused; syncing, then retrying later');
    close();
    void getSyncEngine().trigger(Trigger.Foreground);
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      reconcile();
    }, REOPEN_AFTER_FAILURE_MS);
  }

  function onPoke(event: MessageEvent<string>): void {
    const poke = parse(pokeEventSchema, event.data);
    if (!poke) return;
    poked.set(poke.notebookId, Math.max(poked.get(poke.notebookId) ?? 0, poke.version));
    pokeTimer ??= setTimeout(() => void checkPokes(), POKE_GATHER_MS);
  }

  async function checkPokes(): Promise<void> {
    pokeTimer = undefined;
    const pokes = [...poked];
    poked.clear();
    // A run in flight may already bring these versions (its pull follows its push).
    await getSyncEngine().settled();
    const cursors = await getDb().cursors.bulkGet(pokes.map(([notebookId]) => notebookId));
    const behind = pokes.some(([, version], index) => (cursors[index]?.version ?? 0) < version);
    if (behind) void getSyncEngine().trigger(Trigger.Poke);
  }

  function onMembership(event: MessageEvent<string>): void {
    // Joined, left, removed, a new role, a deleted notebook: the pull brings the notebook list.
    if (parse(membershipEventSchema, event.data)) void getSyncEngine().trigger(Trigger.Poke);
  }

  const unsubscribe = [
    sessionStore.subscribe(reconcile),
    onlineStore.subscribe(reconcile),
    syncStore.subscribe(reconcile),
  ];
  document.addEventListener('visibilitychange', reconcile);
  reconcile();
  return () => {
    for (const stop of unsubscribe) stop();
    document.removeEventListener('visibilitychange', reconcile);
    if (pokeTimer !== undefined) clearTimeout(pokeTimer);
    close();
  };
}
