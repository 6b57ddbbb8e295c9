// Web Push on the wire: the server's VAPID public key, a device's push subscription as the page
// registers it, and the poke a push message carries to the service worker.
//
//   GET    /api/push/key            → PushKeyResponse
//   PUT    /api/push/subscription   SavePushSubscriptionRequest → 204 (save or replace)
//   DELETE /api/push/subscription   DeletePushSubscriptionRequest → 204
//   GET    /api/push/notebooks      → MutedNotebooksResponse (this session's muted notebooks)
//   PUT    /api/push/notebooks/:notebookId   NotebookAlertsRequest → 204 (mute or unmute)
//
// A push message is a PushPoke (a notebook moved) or a PushReminder (a task is due).
//
// A subscription belongs to the session that registered it (signing out or revoking the session
// removes it). The payload of every push message is a PushPoke, JSON, far under 4 KB.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { uuidSchema, versionSchema } from './ids.js';
import { NUL_MESSAGE, hasNoNul } from './text.js';

export const pushKeyResponseSchema = z.object({
  /** The VAPID public key, base64url (an uncompressed P-256 point, 65 bytes). */
  publicKey: z.string(),
});
export type PushKeyResponse = z.infer<typeof pushKeyResponseSchema>;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/** `PushSubscription.toJSON()`: only its shape is checked here; the server checks the rest. */
const endpointSchema = z.string().min(1).max(2048).refine(hasNoNul, NUL_MESSAGE);

export const pushSubscriptionSchema = z.object({
  endpoint: endpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64url.max(200),
    auth: base64url.max(100),
  }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

export const savePushSubscriptionRequestSchema = z.object({
  subscription: pushSubscriptionSchema,
  /** After `pushsubscriptionchange`: the endpoint this subscription replaces. */
  replacesEndpoint: endpointSchema.optional(),
});
export type SavePushSubscriptionRequest = z.infer<typeof savePushSubscriptionRequestSchema>;

export const deletePushSubscriptionRequestSchema = z.object({
  endpoint: endpointSchema,
});
export type DeletePushSubscriptionRequest = z.infer<typeof deletePushSubscriptionRequestSchema>;

/** The notebooks this session (device) gets no alerts about; every other one alerts. */
export const mutedNotebooksResponseSchema = z.object({
  muted: z.array(uuidSchema),
});
export type MutedNotebooksResponse = z.infer<typeof mutedNotebooksResponseSchema>;

export const notebookAlertsParamsSchema = z.object({ notebookId: uuidSchema }).strict();

/** Alerts on (unmute) or off (mute) for one notebook on this device. */
export const notebookAlertsRequestSchema = z.object({ alerts: z.boolean() }).strict();
export type NotebookAlertsRequest = z.infer<typeof notebookAlertsRequestSchema>;

/**
 * What a push message says: notebook `notebookId` moved to `version`. `by` names the teammate
 * whose change it was (the last one, when several changes were coalesced into one poke) and
 * `changes` how many changes it stands for; the service worker pulls, then words the
 * notification from what it pulled, falling back to these.
 */
export const pushPokeSchema = z.object({
  type: z.literal('poke'),
  notebookId: uuidSchema,
  version: versionSchema,
  notebookName: z.string().max(200).optional(),
  by: z.string().max(200).optional(),
  changes: z.number().int().min(1).optional(),
});
export type PushPoke = z.infer<typeof pushPokeSchema>;

/**
 * A task is due: the server sends this at the entry's `due` time to every device with alerts on
 * for the notebook. The service worker shows "Due now: <title> — <notebook>" and a click opens
 * the entry.
 */
export const pushReminderSchema = z.object({
  type: z.literal('reminder'),
  notebookId: uuidSchema,
  entryId: uuidSchema,
  /** The due time the reminder is for (ms since the epoch). */
  due: z.number().int(),
  title: z.string().max(200),
  notebookName: z.string().max(200).optional(),
});
export type PushReminder = z.infer<typeof pushReminderSchema>;

/** A push message's TTL (seconds): a poke older than a day is not worth waking a device for. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** The Topic header for a notebook's pokes (≤ 32 base64url characters): a newer poke replaces
 *  an undelivered older one at the push service. */
export function pushTopic(notebookId: string): string {
  return notebookId.replace(/-/g, '').slice(0, 32);
}
