// One activity-log row per service-worker run, the same rows foreground runs write. A run that
// syncs is recorded by the sync core itself (syncOnce, through runServiceWorkerSync): never wrap
// it in runBackgroundTask, or the run is logged twice. runBackgroundTask is for work that does not
// sync (showing an alert, say); it records one row of the same shape — trigger, tag, start,
// duration, outcome, error code — and rethrows a failure so the browser can retry the event.
import { announceActivityChanged } from '../src/db/activityChannel';
import { getDb, type ActivityRow, type Trigger } from '../src/db/db';
import { recordActivity } from '../src/db/recordActivity';
import { describeSyncError, errorCode } from '../src/sync/errors';

export async function runBackgroundTask(
  trigger: Trigger,
  tag: string,
  work: () => Promise<string>,
): Promise<void> {
  const startedAt = Date.now();
  let row: Omit<ActivityRow, 'id'>;
  let failure: unknown;
  try {
    const detail = await work();
    row = { trigger, tag, startedAt, durationMs: Date.now() - startedAt, outcome: 'ok', detail };
  } catch (error) {
    failure = error;
    row = {
      trigger,
      tag,
      startedAt,
      durationMs: Date.now() - startedAt,
      outcome: 'error',
      detail: describeSyncError(error),
      error: errorCode(error),
    };
  }
  await recordActivity(getDb(), row);
  announceActivityChanged();
  if (failure !== undefined) throw failure;
}
