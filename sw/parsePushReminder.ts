// Reads a push message's payload as a PushReminder (src/protocol/push.ts), and words it. Pure,
// so it is tested without a service-worker scope; reminders.ts shows it.
import { pushReminderSchema, type PushReminder } from '../src/protocol/push';

/** The push's payload as a reminder, or undefined when it is something else. */
export function parsePushReminder(text: string | null | undefined): PushReminder | undefined {
  if (!text) return undefined;
  try {
    const parsed = pushReminderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The words of a reminder: "Due now: Buy rope — Trail survey". */
export function reminderTitle(title: string, notebookName: string | undefined): string {
  const task = title.trim() || 'Untitled task';
  return notebookName ? `Due now: ${task} — ${notebookName}` : `Due now: ${task}`;
}
