// The push routes of the API (src/protocol/push.ts): the server's VAPID public key, saving or
// removing this device's push subscription, and which notebooks this device is not alerted about. DOM-free: the page's "Enable alerts" flow and the
// service worker's `pushsubscriptionchange` both use it.
import {
  mutedNotebooksResponseSchema,
  pushKeyResponseSchema,
  pushSubscriptionSchema,
  type NotebookAlertsRequest,
  type PushSubscriptionJson,
  type SavePushSubscriptionRequest,
} from '../protocol/push';
import { apiRequest } from './api';

/** The server's VAPID public key as `applicationServerKey` wants it (raw bytes). */
export async function fetchApplicationServerKey(): Promise<Uint8Array<ArrayBuffer>> {
  const { publicKey } = await apiRequest('GET', '/push/key', { schema: pushKeyResponseSchema });
  return base64UrlToBytes(publicKey);
}

export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `PushSubscription.toJSON()` in the wire shape; throws when the browser's is incomplete. */
export function subscriptionJson(json: unknown): PushSubscriptionJson {
  return pushSubscriptionSchema.parse(json);
}

/** Registers (or, with `replacesEndpoint`, replaces) this device's subscription. */
export async function savePushSubscription(
  subscription: PushSubscriptionJson,
  replacesEndpoint?: string,
): Promise<void> {
  const body: SavePushSubscriptionRequest = {
    subscription,
    ...(replacesEndpoint !== undefined && { replacesEndpoint }),
  };
  await apiRequest('PUT', '/push/subscription', { body });
}

export async function deletePushSubscription(endpoint: string): Promise<void> {
  await apiRequest('DELETE', '/push/subscription', { body: { endpoint } });
}

/** The notebooks this device (session) gets no alerts about. */
export async function fetchMutedNotebooks(): Promise<string[]> {
  const { muted } = await apiRequest('GET', '/push/notebooks', {
    schema: mutedNotebooksResponseSchema,
  });
  return muted;
}

/** Alerts on or off for one notebook on this device. */
export async function saveNotebookAlerts(notebookId: string, alerts: boolean): Promise<void> {
  const body: NotebookAlertsRequest = { alerts };
  await apiRequest('PUT', `/push/notebooks/${encodeURIComponent(notebookId)}`, { body });
}
