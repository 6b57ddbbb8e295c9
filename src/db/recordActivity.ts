// Appends one row to the activity log and keeps the log bounded. Every save and every notebook
// opened writes a row, so without a bound the log (and Settings) grows by the minute; the runs the
// log is there to show — background ones, and failures — must outlive that chatter:
//
//   count ≤ ACTIVITY_LIMIT            nothing to do (counting is all a write pays, almost always)
//   count > ACTIVITY_LIMIT            drop rows older than ACTIVITY_DAYS, then the oldest routine
//                                     runs while the app was open, then the oldest of any kind,
//                                     until ACTIVITY_TRIM_TO rows are left
import { Trigger, type ActivityRow, type TidelineDB } from './db';

/** Rows the log may hold; passing it trims the log to ACTIVITY_TRIM_TO. */
export const ACTIVITY_LIMIT = 500;
export const ACTIVITY_TRIM_TO = 400;
/** Rows older than this many days go at the next trim. */
export const ACTIVITY_DAYS = 14;

/** Runs the browser started with no page open: the background work the log is there to show. */
export const BACKGROUND_TRIGGERS: ReadonlySet<Trigger> = new Set([
  Trigger.Sync,
  Trigger.PeriodicSync,
  Trigger.Push,
]);

/** A run while the app was open that went as expected: the first to go. */
function isRoutine(row: ActivityRow): boolean {
  return (
    row.outcome === 'ok' && !BACKGROUND_TRIGGERS.has(row.trigger) && row.trigger !== Trigger.Manual
  );
}

export async function recordActivity(
  db: TidelineDB,
  row: Omit<ActivityRow, 'id'>,
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.activity, async () => {
    await db.activity.add(row);
    const count = await db.activity.count();
    if (count <= ACTIVITY_LIMIT) return;
    const tooOld = now - ACTIVITY_DAYS * 24 * 60 * 60 * 1000;
    await db.activity.where('startedAt').below(tooOld).delete();
    let excess = (await db.activity.count()) - ACTIVITY_TRIM_TO;
    if (excess <= 0) return;
    const routine: number[] = [];
    await db.activity.orderBy('startedAt').each((candidate) => {
      if (routine.length < excess && isRoutine(candidate)) routine.push(candidate.id!);
    });
    await db.activity.bulkDelete(routine);
    excess -= routine.length;
    if (excess > 0) {
      await db.activity.bulkDelete(
        await db.activity.orderBy('startedAt').limit(excess).primaryKeys(),
      );
    }
  });
}
