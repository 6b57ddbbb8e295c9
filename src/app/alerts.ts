// Alerts on this device: Web Push subscribed with the server's VAPID key, so a teammate's change
// wakes Tideline and shows a notification (sw/push.ts). Permission is asked only when the user
// presses "Enable alerts"; a refusal is "blocked" and only the browser's site settings undo it.
//
//   unsupported   no service worker, Push API or notifications here
//   off ──enableAlerts()──▶ working ──▶ on          (permission, key, subscribe, register)
//                                 └──▶ blocked      (permission denied)
//                                 └──▶ off + error  (prompt dismissed, push service or server failed)
//                                 └──▶ off + error  (prompt still open after a few seconds; an
//                                                    answer later goes on from "working")
//                                 └──▶ off + error  (the push service has not answered within
//                                                    PUSH_SERVICE_WAIT_MS; a late answer still
//                                                    finishes the setup)
//   on ──disableAlerts()──▶ working ──▶ off        (unsubscribe, tell the server)
//
// Also here, the app badge kept equal to the unread count while someone is signed in. (The page
// follows a clicked notification in app/alertClicks.ts.)
import { liveQuery } from 'dexie';
import { getDb } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import { unreadTotal } from '../db/unreadTotal';
import { describeApiError } from '../api/api';
import {
  deletePushSubscription,
  fetchApplicationServerKey,
  savePushSubscription,
  subscriptionJson,
} from '../api/pushApi';
import { Store } from './Store';

export const AlertsStatus = {
  Unsupported: 'unsupported',
  Off: 'off',
  On: 'on',
  Blocked: 'blocked',
  Working: 'working',
} as const;
export type AlertsStatus = (typeof AlertsStatus)[keyof typeof AlertsStatus];

export interface AlertsState {
  status: AlertsStatus;
  /** What went wrong with the last attempt, in plain words. */
  error?: string;
}

export const alertsStore = new Store<AlertsState>({ status: AlertsStatus.Off });

/**
 * How long "Setting up alerts…" waits for an answer to the browser's permission prompt before it
 * says what is going on. The prompt stays open; answering it later still finishes the setup.
 */
export const PERMISSION_PROMPT_WAIT_MS = 8000;

/**
 * How long "Setting up alerts…" waits for the browser's push service (the service worker being
 * ready, then the subscription) before it says so. With no push service reachable a browser may
 * take a minute or more to give up; the attempt goes on, and a late subscription still completes.
 */
export const PUSH_SERVICE_WAIT_MS = 15_000;

/** Shown while the browser's push service has not answered. */
export const PUSH_SERVICE_SLOW_MESSAGE =
  'Your browser’s push service is not answering, so alerts are not on yet. Tideline keeps trying for a while; if alerts stay off, check that you are online and press “Enable alerts” again later.';

/** Shown while the browser's prompt waits for an answer. */
export const PROMPT_OPEN_MESSAGE =
  'Your browser is asking whether Tideline may show notifications: answer its prompt (near the address bar) with Allow, and alerts turn on. If you see no prompt, press “Enable alerts” again.';

function supported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Reads the state from the browser: permission and whether this device is subscribed. */
export async function loadAlerts(): Promise<void> {
  if (!supported()) {
    alertsStore.set({ status: AlertsStatus.Unsupported });
    return;
  }
  if (Notification.permission === 'denied') {
    alertsStore.set({ status: AlertsStatus.Blocked });
    return;
  }
  const [subscription, registered] = await Promise.all([
    currentSubscription().catch(() => null),
    getMeta(getDb(), 'pushEndpoint'),
  ]);
  // The browser may keep a subscription the server no longer has for this account (signing
  // out removes it there): that is "off" until "Enable alerts" registers it again.
  const on =
    subscription !== null &&
    Notification.permission === 'granted' &&
    registered === subscription.endpoint;
  alertsStore.set({ status: on ? AlertsStatus.On : AlertsStatus.Off });
}

/** Words for a failed subscribe: the browser's push service, not the server, said no. */
function describeSubscribeError(error: unknown): string {
  if (error instanceof DOMException) {
    if (error.name === 'NotAllowedError') {
      return 'The browser did not allow alerts for Tideline. Check its notification settings and try again.';
    }
    return 'This browser could not reach its push service to set up alerts. Try again later, online.';
  }
  return describeApiError(error);
}

/**
 * "Enable alerts": call straight from the click handler — the permission prompt needs the
 * user's gesture, so it is asked before anything else is awaited.
 */
export async function enableAlerts(): Promise<void> {
  if (!supported()) return;
  alertsStore.set({ status: AlertsStatus.Working });
  const permission = await explainedIfSlow(
    Notification.requestPermission(),
    PERMISSION_PROMPT_WAIT_MS,
    PROMPT_OPEN_MESSAGE,
  );
  alertsStore.set({ status: AlertsStatus.Working });
  if (permission === 'denied') {
    alertsStore.set({ status: AlertsStatus.Blocked });
    return;
  }
  if (permission !== 'granted') {
    alertsStore.set({
      status: AlertsStatus.Off,
      error: 'Alerts need your permission: press “Enable alerts” again and choose Allow.',
    });
    return;
  }
  let subscription: PushSubscription;
  try {
    const applicationServerKey = await fetchApplicationServerKey();
    subscription = await explainedIfSlow(
      navigator.serviceWorker.ready.then((registration) =>
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }),
      ),
      PUSH_SERVICE_WAIT_MS,
      PUSH_SERVICE_SLOW_MESSAGE,
    );
    alertsStore.set({ status: AlertsStatus.Working });
  } catch (error) {
    alertsStore.set({ status: AlertsStatus.Off, error: describeSubscribeError(error) });
    return;
  }
  try {
    await savePushSubscription(subscriptionJson(subscription.toJSON()));
    await setMeta(getDb(), 'pushEndpoint', subscription.endpoint);
  } catch (error) {
    // A subscription the server does not know would never deliver: undo it.
    await subscription.unsubscribe().catch(() => undefined);
    alertsStore.set({ status: AlertsStatus.Off, error: describeApiError(error) });
    return;
  }
  alertsStore.set({ status: AlertsStatus.On });
}

/**
 * Waits for `step`; if it has not settled within `ms` while the setup is still "working", the
 * status says so in `message` (off, with the words). The step goes on: a late answer continues
 * the setup from where it was.
 */
async function explainedIfSlow<T>(step: Promise<T>, ms: number, message: string): Promise<T> {
  const waiting = setTimeout(() => {
    if (alertsStore.value.status === AlertsStatus.Working) {
      alertsStore.set({ status: AlertsStatus.Off, error: message });
    }
  }, ms);
  return step.finally(() => clearTimeout(waiting));
}

/** "Turn off": forget the subscription here and on the server. */
export async function disableAlerts(): Promise<void> {
  alertsStore.set({ status: AlertsStatus.Working });
  const subscription = await currentSubscription().catch(() => null);
  if (!subscription) {
    alertsStore.set({ status: AlertsStatus.Off });
    return;
  }
  let error: string | undefined;
  try {
    await deletePushSubscription(subscription.endpoint);
  } catch (failure) {
    // Unsubscribing below still stops the alerts; the server drops the dead endpoint when its
    // next push is refused.
    error = `Alerts are off on this device, but the server was not told: ${describeApiError(failure)}`;
  }
  await subscription.unsubscribe().catch(() => undefined);
  await setMeta(getDb(), 'pushEndpoint', null);
  alertsStore.set({ status: AlertsStatus.Off, ...(error && { error }) });
}

/** Keeps the app badge equal to the unread count while the page is open. */
export function watchUnreadBadge(): void {
  if (!('setAppBadge' in navigator)) return;
  liveQuery(() => unreadTotal(getDb())).subscribe({
    next: (count) => {
      const done = count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge();
      done.catch(() => undefined);
    },
    error: () => undefined,
  });
}
