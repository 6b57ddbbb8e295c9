// The payload of a push job: a poke (a notebook moved to a new version) or a task reminder,
// with names cut to NAME_MAX so the payload stays far under the 4 KB a push service takes.
import type { PushPoke, PushReminder } from '../../src/protocol/push.js';
import type { ClaimedJob } from './PushOutcomes.js';

const NAME_MAX = 200;

/** A reminder's task as it is when the reminder is sent. */
export interface ReminderTask {
  title: string;
  due_at: number | null;
  done: number;
  deleted: number;
}

/**
 * The message `job` sends (`name`: its notebook's, `task`: a reminder's task now), or undefined
 * for a reminder whose task was done, deleted or lost its due time meanwhile.
 */
export function pushMessage(
  job: ClaimedJob,
  name: string | undefined,
  task: ReminderTask | undefined,
): PushPoke | PushReminder | undefined {
  if (job.kind === 'reminder') {
    if (!task || Number(task.deleted) === 1 || Number(task.done) === 1 || task.due_at === null) {
      return undefined;
    }
    return {
      type: 'reminder',
      notebookId: job.notebook_id,
      entryId: job.entry_id!,
      due: Number(task.due_at),
      title: task.title.slice(0, NAME_MAX),
      ...(name !== undefined ? { notebookName: name.slice(0, NAME_MAX) } : {}),
    };
  }
  return {
    type: 'poke',
    notebookId: job.notebook_id,
    version: job.version,
    ...(name !== undefined ? { notebookName: name.slice(0, NAME_MAX) } : {}),
    ...(job.by_name !== null ? { by: job.by_name.slice(0, NAME_MAX) } : {}),
    changes: job.changes,
  };
}
