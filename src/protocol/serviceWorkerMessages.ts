// Every message between the page and the service worker, and every broadcast on the `tideline`
// channel: the only place their names are written. Both ends build messages with the types below
// and read what arrives with the parse functions, which answer `undefined` for anything else (a
// stray sender, an older or newer build during an update).
//
//   page ──SKIP_WAITING──▶ waiting worker    take over once no sync run holds the lock
//                                            (workbox-window's messageSkipWaiting() sends it)
//   page ──GET_VERSION───▶ worker ──VersionReply──▶ page            (on the message's port)
//   page ──QUEUE_OUTBOX──▶ worker ──QueueOutboxReply──▶ page         deliver the outbox when
//                                                                    the network returns
//   worker ──tideline-navigate {url}──▶ page ──'ok'──▶ worker        a clicked notification
//   worker ──tideline-stop-recording──▶ every page                    Stop on "Recording — 2:41"
//   service worker / sync worker ──activity-changed──▶ `tideline` channel ──▶ every page
//
// Replies travel on the MessageChannel port handed over with the request.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import {
  NAVIGATED_REPLY,
  PageMessageType,
  WorkerMessageType,
} from './serviceWorkerMessageTypes.js';

export { NAVIGATED_REPLY, PageMessageType, WorkerMessageType };

export const pageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(PageMessageType.SkipWaiting) }),
  z.object({ type: z.literal(PageMessageType.GetVersion) }),
  z.object({ type: z.literal(PageMessageType.QueueOutbox) }),
]);
export type PageMessage = z.infer<typeof pageMessageSchema>;

export function parsePageMessage(data: unknown): PageMessage | undefined {
  const parsed = pageMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The worker's answer to GET_VERSION: the build it runs. */
export const versionReplySchema = z.object({ version: z.string(), buildId: z.string() });
export type VersionReply = z.infer<typeof versionReplySchema>;

export function parseVersionReply(data: unknown): VersionReply | undefined {
  const parsed = versionReplySchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The worker's answer to QUEUE_OUTBOX: whether delivery is now queued. */
export const queueOutboxReplySchema = z.object({ queued: z.boolean() });
export type QueueOutboxReply = z.infer<typeof queueOutboxReplySchema>;

/** Anything but `{queued: true}` (no answer, an error) counts as not queued. */
export function isOutboxQueued(data: unknown): boolean {
  const parsed = queueOutboxReplySchema.safeParse(data);
  return parsed.success && parsed.data.queued;
}

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(WorkerMessageType.Navigate), url: z.string() }),
  z.object({ type: z.literal(WorkerMessageType.StopRecording) }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

export function parseWorkerMessage(data: unknown): WorkerMessage | undefined {
  const parsed = workerMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The Stop button of the ongoing recording notification, which the worker turns into
 *  StopRecording for every page. */
export const STOP_RECORDING_ACTION = 'stop-recording';

/**
 * The BroadcastChannel on which whoever writes an activity row outside the page (the service
 * worker, the sync worker) tells open pages to reload the activity log and their outbox counts.
 * Messages carry no data: the rows are in IndexedDB.
 */
export const TIDELINE_CHANNEL = 'tideline';

export const ChannelMessageType = {
  ActivityChanged: 'activity-changed',
} as const;

export const channelMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(ChannelMessageType.ActivityChanged) }),
]);
export type ChannelMessage = z.infer<typeof channelMessageSchema>;

export function parseChannelMessage(data: unknown): ChannelMessage | undefined {
  const parsed = channelMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
