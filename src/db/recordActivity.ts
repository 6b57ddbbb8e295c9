// Appends one row to the background-activity log and trims the log to ACTIVITY_LIMIT rows.
import { ACTIVITY_LIMIT, type ActivityRow, type TidelineDB } from './db';

export async function recordActivity(db: TidelineDB, row: Omit<ActivityRow, 'id'>): Promise<void> {
  await db.transaction('rw', db.activity, async () => {
    await db.activity.add(row);
    const excess = (await db.activity.count()) - ACTIVITY_LIMIT;
    if (excess > 0) {
      const oldest = await db.activity.orderBy('startedAt').limit(excess).primaryKeys();
      await db.activity.bulkDelete(oldest);
    }
  });
}
