// Runs one background task and records it: every trigger (sync, periodicsync, push) writes one
// row to the activity log in IndexedDB and announces it to open pages on the `tideline`
// BroadcastChannel. A failed task is recorded too, then rethrown so the browser can retry it.
import { getDb, type ActivityRow, type Trigger } from '../src/db/db';
import { recordActivity } from '../src/db/recordActivity';

export const CHANNEL_NAME = 'tideline';

export interface ActivityMessage {
  type: 'activity';
  row: Omit<ActivityRow, 'id'>;
}

export async function runBackgroundTask(
  trigger: Trigger,
  tag: string,
  work: () => Promise<string>,
): Promise<void> {
  const startedAt = Date.now();
  let outcome: ActivityRow['outcome'] = 'ok';
  let detail = '';
  let failure: unknown;
  try {
    detail = await work();
  } catch (error) {
    outcome = 'error';
    detail = error instanceof Error ? error.message : String(error);
    failure = error;
  }
  const row = { trigger, tag, startedAt, durationMs: Date.now() - startedAt, outcome, detail };
  await recordActivity(getDb(), row);
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.postMessage({ type: 'activity', row } satisfies ActivityMessage);
  channel.close();
  if (failure !== undefined) throw failure;
}
