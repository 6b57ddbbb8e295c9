// Notifications about teammates' changes, shared by push and periodic sync: one per notebook,
// tagged so a newer one replaces it (carrying forward what the older one said and the user has
// not read yet), with the actions Open and Mark read; and the quiet, collapsed notification a
// push shows when it finds nothing to tell. A click opens the entry (or notebook) in a Tideline
// window — the open one, focused and navigated, or a new one; "Mark read" marks the notebook's
// entries read and updates the badge without opening anything.
import { getDb } from '../src/db/db';
import type { PushPoke } from '../src/protocol/push';
import {
  STOP_RECORDING_ACTION,
  WorkerMessageType,
  type WorkerMessage,
} from '../src/protocol/serviceWorkerMessages';
import { listMembers } from '../src/api/membersApi';
import { markNotebookRead } from '../src/sync/mutate';
import { updateBadge } from './badge';
import {
  describeChanges,
  notebookAlertTag,
  type NotebookChanges,
  type TeammateChange,
} from './describeChanges';
import { sameOriginPath } from './sameOriginPath';
import { sw } from './scope';

export const AlertAction = {
  Open: 'open',
  MarkRead: 'mark-read',
  /** On the ongoing "Recording — 2:41" notification: stop and save the memo. */
  StopRecording: STOP_RECORDING_ACTION,
} as const;

/** The tag of the quiet notification: every quiet one replaces the last. */
export const QUIET_TAG = 'tideline-quiet';

const ICON = '/icons/icon-192.png';
/** Changes a notification remembers for the next one on its tag. */
const REMEMBERED = 100;

/** What a Tideline notification carries for its click. */
export interface AlertData {
  url: string;
  notebookId?: string;
  changes?: TeammateChange[];
}

/** NotificationOptions with the members TypeScript's WebWorker lib leaves out. */
interface AlertOptions extends NotificationOptions {
  actions?: { action: string; title: string }[];
  renotify?: boolean;
  timestamp?: number;
}

export function readAlertData(data: unknown): AlertData {
  const value = (data ?? {}) as Partial<AlertData>;
  const url = sameOriginPath(value.url, sw.location.origin) ?? '/notebooks';
  return {
    url,
    ...(typeof value.notebookId === 'string' && { notebookId: value.notebookId }),
    ...(Array.isArray(value.changes) && { changes: value.changes }),
  };
}

/** notebookId → (userId → name), for as long as this worker runs. */
const memberNames = new Map<string, Map<string, string>>();

async function namesFor(
  notebookId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const known = memberNames.get(notebookId);
  if (known && userIds.every((id) => known.has(id))) return known;
  try {
    const members = await listMembers(notebookId);
    const names = new Map(members.map((member) => [member.userId, member.name]));
    memberNames.set(notebookId, names);
    return names;
  } catch {
    return known ?? new Map();
  }
}

/** Adds what the notebook's current notification told of and is still unread. */
async function withEarlier(notebook: NotebookChanges): Promise<NotebookChanges> {
  const [shown] = await sw.registration.getNotifications({
    tag: notebookAlertTag(notebook.notebookId),
  });
  const earlier = readAlertData(shown?.data).changes ?? [];
  if (earlier.length === 0) return notebook;
  const rows = await getDb().entries.bulkGet(earlier.map((change) => change.entryId));
  const merged = new Map<string, TeammateChange>();
  for (const change of notebook.changes) merged.set(change.entryId, change);
  earlier.forEach((change, index) => {
    if (!rows[index]?.unread) return;
    const newer = merged.get(change.entryId);
    if (newer) merged.set(change.entryId, { ...newer, created: newer.created || change.created });
    else merged.set(change.entryId, change);
  });
  return { ...notebook, changes: [...merged.values()].slice(0, REMEMBERED) };
}

/**
 * Shows one notification per notebook with teammates' changes; returns how many it showed. The
 * poke's `by` names the teammate when the members list cannot (offline, say).
 */
export async function showChangeAlerts(
  notebooks: readonly NotebookChanges[],
  poke?: PushPoke,
): Promise<number> {
  let shown = 0;
  for (const pulled of notebooks) {
    const notebook = await withEarlier(pulled);
    const authors = [...new Set(notebook.changes.map((change) => change.by))];
    const names = await namesFor(notebook.notebookId, authors);
    const pokeName =
      poke?.by && poke.notebookId === notebook.notebookId && authors.length === 1
        ? poke.by
        : undefined;
    const alert = describeChanges(notebook, (id) => names.get(id) ?? pokeName);
    if (!alert) continue;
    const data: AlertData = {
      url: alert.url,
      notebookId: notebook.notebookId,
      changes: notebook.changes,
    };
    const options: AlertOptions = {
      body: alert.body,
      tag: alert.tag,
      renotify: true,
      icon: ICON,
      badge: ICON,
      timestamp: Date.now(),
      data,
      actions: [
        { action: AlertAction.Open, title: 'Open' },
        { action: AlertAction.MarkRead, title: 'Mark read' },
      ],
    };
    await sw.registration.showNotification(alert.title, options);
    shown += 1;
  }
  return shown;
}

/** A silent notification that replaces the previous quiet one. */
export async function showQuietAlert(body: string): Promise<void> {
  const options: AlertOptions = {
    body,
    tag: QUIET_TAG,
    silent: true,
    renotify: false,
    icon: ICON,
    badge: ICON,
    data: { url: '/notebooks' } satisfies AlertData,
  };
  await sw.registration.showNotification('Tideline', options);
}

export function onNotificationClick(event: NotificationEvent): void {
  const { notification, action } = event;
  notification.close();
  const data = readAlertData(notification.data);
  event.waitUntil(
    action === AlertAction.MarkRead
      ? markRead(data.notebookId)
      : action === AlertAction.StopRecording
        ? stopRecording()
        : openInWindow(data.url),
  );
}

/** The recording page is open (a memo records only while it is): tell every window to stop. */
async function stopRecording(): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window' });
  const message: WorkerMessage = { type: WorkerMessageType.StopRecording };
  for (const client of windows) client.postMessage(message);
}

async function markRead(notebookId: string | undefined): Promise<void> {
  if (notebookId) await markNotebookRead(getDb(), notebookId);
  await updateBadge();
}

const NAVIGATE_ANSWER_MS = 1_000;

/** Asks a window's router to show `url`; false when it does not answer. */
function askToNavigate(client: WindowClient, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), NAVIGATE_ANSWER_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const message: WorkerMessage = { type: WorkerMessageType.Navigate, url };
    client.postMessage(message, [channel.port2]);
  });
}

/**
 * Shows `url` in a Tideline window: the focused one, else any, navigated in place by its router
 * (or reloaded at `url` when it does not answer); with none open, a new window.
 */
export async function openInWindow(url: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const ours = windows.filter((client) => new URL(client.url).origin === sw.location.origin);
  const target = ours.find((client) => client.focused) ?? ours[0];
  if (!target) {
    await sw.clients.openWindow(url);
    return;
  }
  // Focus is only allowed right after a click; a window that will not take focus still navigates.
  await target.focus().catch(() => undefined);
  if (await askToNavigate(target, url)) return;
  // Only a window this worker controls can be navigated from here.
  await target.navigate(url).catch(() => sw.clients.openWindow(url));
}
