// `push` and `pushsubscriptionchange`. A push pokes the worker: it pulls (the poke says which
// notebook moved; the pull brings every notebook up to date), shows one notification per notebook
// with teammates' changes, and sets the badge. Every push shows a notification — browsers
// withdraw push from workers that stay silent — so a push that finds nothing new, or cannot
// pull, shows a quiet one instead. Then the new files of notebooks kept offline download. A
// reminder that a task is due (reminders.ts) pulls the same way and shows "Due now: …" for it.
import { Trigger, getDb } from '../src/db/db';
import { currentUserId, getMeta, setMeta } from '../src/db/meta';
import {
  fetchApplicationServerKey,
  savePushSubscription,
  subscriptionJson,
} from '../src/api/pushApi';
import { runBackgroundTask } from './activity';
import { updateBadge } from './badge';
import { quietAlertBody } from './describeChanges';
import { showChangeAlerts, showQuietAlert } from './notifications';
import { keepOfflineFiles } from './offlineFiles';
import { parsePushPoke } from './parsePushPoke';
import { parsePushReminder } from './parsePushReminder';
import { showReminder } from './reminders';
import { sw } from './scope';
import { runServiceWorkerSync } from './swSync';
import { cursorVersions, teammateChanges } from './teammateChanges';

export function onPush(event: PushEvent): void {
  event.waitUntil(handlePush(readText(event.data)));
}

function readText(data: PushMessageData | null): string | undefined {
  try {
    return data?.text();
  } catch {
    return undefined;
  }
}

async function handlePush(text: string | undefined): Promise<void> {
  const reminder = parsePushReminder(text);
  const poke = reminder ? undefined : parsePushPoke(text);
  const db = getDb();
  let failure: unknown;
  let shown = 0;
  try {
    const before = await cursorVersions(db);
    // syncOnce records the run (trigger push, counts) in the activity log.
    await runServiceWorkerSync(Trigger.Push, {
      tag: reminder
        ? `reminder ${reminder.entryId}`
        : poke
          ? `poke ${poke.notebookName ?? poke.notebookId}`
          : 'push',
    });
    shown = await showChangeAlerts(
      await teammateChanges(db, before, await currentUserId(db)),
      poke,
    );
  } catch (error) {
    failure = error;
  }
  // Due is due, pulled or not (offline, say): the reminder shows from what it carries.
  if (reminder && (await showReminder(reminder).catch(() => false))) shown += 1;
  if (shown === 0) await showQuietAlert(quietAlertBody(failure, poke));
  await updateBadge();
  // After the notification: files of notebooks kept offline, which may take a while.
  if (!failure) await keepOfflineFiles();
}

/**
 * The push service replaced or dropped this device's subscription: subscribe again with the
 * server's key (unless the browser already did) and tell the server which endpoint it replaces —
 * the event's old subscription, or (browsers often leave it out) the one last registered.
 */
export function onPushSubscriptionChange(event: PushSubscriptionChangeEvent): void {
  event.waitUntil(
    runBackgroundTask(Trigger.Push, 'pushsubscriptionchange', async () => {
      const db = getDb();
      const registered = await getMeta(db, 'pushEndpoint');
      const subscription =
        event.newSubscription ??
        (await sw.registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: await fetchApplicationServerKey(),
        }));
      const replaces = event.oldSubscription?.endpoint ?? registered ?? undefined;
      await savePushSubscription(
        subscriptionJson(subscription.toJSON()),
        replaces !== subscription.endpoint ? replaces : undefined,
      );
      await setMeta(db, 'pushEndpoint', subscription.endpoint);
      return 'Alerts renewed: the push service gave this device a new subscription';
    }),
  );
}
