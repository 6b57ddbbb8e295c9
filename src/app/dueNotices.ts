// The in-app reminder of tasks that fell due, for a device without push alerts (no permission,
// alerts off, or a browser without Web Push): on open, and while the app stays open, the tasks
// past their due time and not done that this device has not yet announced — once per task and
// due time (a task given a new time is announced again). A reminder the service worker showed
// counts as announced (sw/reminders.ts writes the same record).
import Dexie from 'dexie';
import type { TidelineDB } from '../db/db';
import { getMeta, setMeta } from '../db/meta';

export interface DueNotice {
  entryId: string;
  notebookId: string;
  notebookName: string;
  title: string;
  due: number;
}

/** Tasks due by `now`, not done, not yet announced on this device; soonest due first. */
export async function pendingDueNotices(db: TidelineDB, now: number): Promise<DueNotice[]> {
  const shown = (await getMeta(db, 'dueNoticesShown')) ?? {};
  const notebooks = (await db.notebooks.toArray()).filter((notebook) => !notebook.deleted);
  const notices: DueNotice[] = [];
  for (const notebook of notebooks) {
    // Every task with a due time, not only those due by `now`: run inside a live query, the
    // range read is what is watched, and a task arriving already due lies past an older `now`.
    const rows = await db.entries
      .where('[notebookId+due]')
      .between([notebook.id, Dexie.minKey], [notebook.id, Dexie.maxKey])
      .toArray();
    for (const row of rows) {
      if (row.deleted || row.done || row.due == null || row.due > now) continue;
      if (shown[row.id] === row.due) continue;
      notices.push({
        entryId: row.id,
        notebookId: notebook.id,
        notebookName: notebook.name,
        title: row.title,
        due: row.due,
      });
    }
  }
  return notices.sort((a, b) => a.due - b.due);
}

/** Remembers `notices` as announced. Tasks no longer due drop out, so the record stays small. */
export async function markDueNoticesShown(
  db: TidelineDB,
  notices: readonly DueNotice[],
): Promise<void> {
  await db.transaction('rw', [db.meta, db.entries], async () => {
    const shown = (await getMeta(db, 'dueNoticesShown')) ?? {};
    const kept: Record<string, number> = {};
    const rows = await db.entries.bulkGet(Object.keys(shown));
    for (const row of rows) {
      if (row && !row.deleted && !row.done && row.due === shown[row.id]) kept[row.id] = row.due;
    }
    for (const notice of notices) kept[notice.entryId] = notice.due;
    await setMeta(db, 'dueNoticesShown', kept);
  });
}

/** Whether this device gets reminders by push: alerts on here and notifications allowed. */
export async function pushRemindersOn(db: TidelineDB): Promise<boolean> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  if (!('serviceWorker' in navigator) || typeof PushManager === 'undefined') return false;
  return (await getMeta(db, 'pushEndpoint')) != null;
}
