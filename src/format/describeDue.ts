// How a task's due time reads in a list row and a notice: "Due today 17:00", "Due tomorrow
// 09:00", "Due 12 Dec 17:00"; a task past its time and not done is "Overdue".

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Due soon" covers the next two days. */
export const DUE_SOON_MS = 48 * 60 * 60 * 1000;

export interface DueText {
  /** "Due today 17:00" and the like. */
  text: string;
  /** Past its time and not done. */
  overdue: boolean;
}

function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export function describeDue(due: number, now: number, done: boolean): DueText {
  const days = Math.round((startOfDay(due) - startOfDay(now)) / 86_400_000);
  let when: string;
  if (days === 0) when = `today ${timeOnly.format(due)}`;
  else if (days === 1) when = `tomorrow ${timeOnly.format(due)}`;
  else if (days === -1) when = `yesterday ${timeOnly.format(due)}`;
  else if (Math.abs(days) < 300) when = dayAndTime.format(due);
  else when = fullDate.format(due);
  return { text: `Due ${when}`, overdue: !done && due <= now };
}

/** The value of an `<input type="datetime-local">` for `at`, in this device's time zone. */
export function toLocalInputValue(at: number | null | undefined): string {
  if (at === null || at === undefined) return '';
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant an `<input type="datetime-local">` value names here, or undefined if none. */
export function fromLocalInputValue(value: string): number | undefined {
  const match = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(year!, month! - 1, day!, hour!, minute!, second || 0, 0);
  if (year! < 100) date.setFullYear(year!);
  const at = date.getTime();
  return Number.isNaN(at) ? undefined : at;
}
