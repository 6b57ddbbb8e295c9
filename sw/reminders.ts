// Reminders of tasks that fall due (src/protocol/push.ts PushReminder): the server sends one at
// the task's due time; the worker pulls (so the entry opens with what the team last wrote) and
// shows "Due now: Buy rope — Trail survey", one notification per task, and a click opens the
// entry. It is shown from what the device holds when that is newer: a task ticked done or moved
// to another time meanwhile (on this device, or pulled just now) shows nothing.
import { getDb } from '../src/db/db';
import { getMeta, setMeta } from '../src/db/meta';
import type { PushReminder } from '../src/protocol/push';
import { pathFor, PageName } from '../src/protocol/routes';
import type { AlertData } from './notifications';
import { reminderTitle } from './parsePushReminder';
import { sw } from './scope';

const ICON = '/icons/icon-192.png';

/** One notification per task: a later reminder of it replaces the earlier one. */
export function reminderTag(entryId: string): string {
  return `tideline-due-${entryId}`;
}

/** Shows the reminder unless this device knows the task is done, gone or due at another time;
 *  returns whether it showed one. */
export async function showReminder(reminder: PushReminder): Promise<boolean> {
  const db = getDb();
  const [entry, notebook] = await Promise.all([
    db.entries.get(reminder.entryId),
    db.notebooks.get(reminder.notebookId),
  ]);
  if (entry && (entry.deleted || entry.done || (entry.due ?? null) !== reminder.due)) return false;
  const title = reminderTitle(
    entry?.title ?? reminder.title,
    notebook?.name ?? reminder.notebookName,
  );
  const data: AlertData = {
    url: pathFor(PageName.Entry, { notebookId: reminder.notebookId, entryId: reminder.entryId }),
    notebookId: reminder.notebookId,
  };
  await sw.registration.showNotification(title, {
    body: 'Tap to open the task.',
    tag: reminderTag(reminder.entryId),
    icon: ICON,
    badge: ICON,
    requireInteraction: true,
    data,
  });
  // The app opened later need not announce it again (src/app/dueNotices.ts).
  const shown = (await getMeta(db, 'dueNoticesShown')) ?? {};
  await setMeta(db, 'dueNoticesShown', { ...shown, [reminder.entryId]: reminder.due });
  return true;
}
