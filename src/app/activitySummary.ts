// The activity log as people read it. The log keeps one row per sync run (src/db/recordActivity.ts);
// this turns the rows into what Settings shows:
//
//   · each run named by what it did for the person ("Sent your changes in the background"), not by
//     its trigger or event tag;
//   · routine runs while the app was open (a save, a teammate's change, opening the app) folded into
//     one line per day ("12 quick syncs while the app was open"); runs in the background, runs the
//     person asked for and every failure stay lines of their own;
//   · background runs counted per day for a small chart of the last days.
//
// Pure: no DOM, no database; the element hands in the rows and the time.
import { Trigger, type ActivityRow } from '../db/db';
import { BACKGROUND_TRIGGERS } from '../db/recordActivity';

/** Days shown in the log and its chart, today included. */
export const DAYS_SHOWN = 7;

export function isBackground(trigger: Trigger): boolean {
  return BACKGROUND_TRIGGERS.has(trigger);
}

/** Each trigger in plain words: the filter's names and a run's title. */
export const TRIGGER_NAMES: Record<Trigger, string> = {
  [Trigger.Sync]: 'Sending your changes in the background',
  [Trigger.PeriodicSync]: 'Scheduled checks for teammates’ changes',
  [Trigger.Push]: 'Alerts of teammates’ changes',
  [Trigger.Foreground]: 'Opening Tideline',
  [Trigger.Manual]: 'Sync now',
  [Trigger.Poke]: 'Teammates’ changes while open',
  [Trigger.LocalWrite]: 'Your changes while open',
  [Trigger.Online]: 'Back online',
  [Trigger.Retry]: 'Trying again',
  [Trigger.Resume]: 'Signing in again',
  [Trigger.WorkerStart]: 'Downloading a large notebook',
};

/** What one run did, as a sentence's subject: "Sent your changes in the background". */
export function describeRun(row: Pick<ActivityRow, 'trigger' | 'tag'>): string {
  switch (row.trigger) {
    case Trigger.Sync:
      return 'Sent your changes in the background';
    case Trigger.PeriodicSync:
      return 'Checked for teammates’ changes in the background';
    case Trigger.Push:
      return row.tag === 'pushsubscriptionchange'
        ? 'Renewed alerts with the browser’s push service'
        : 'Fetched a teammate’s change after an alert';
    case Trigger.Foreground:
      return 'Checked for changes on opening Tideline';
    case Trigger.Manual:
      return 'Synced when you pressed Sync now';
    case Trigger.Poke:
      return 'Fetched a teammate’s change';
    case Trigger.LocalWrite:
      return 'Sent your change';
    case Trigger.Online:
      return 'Synced when the connection came back';
    case Trigger.Retry:
      return 'Tried again after a failure';
    case Trigger.Resume:
      return 'Synced after you signed in again';
    case Trigger.WorkerStart:
      return 'Downloaded a large notebook';
    default:
      return 'Synced';
  }
}

/** A routine run while the app was open, folded into the day's one line. */
function isRoutine(row: ActivityRow): boolean {
  return row.outcome === 'ok' && !isBackground(row.trigger) && row.trigger !== Trigger.Manual;
}

export interface FoldedRuns {
  kind: 'folded';
  /** The newest run's start: where the line sorts. */
  startedAt: number;
  count: number;
  pushed: number;
  pulled: number;
  /** How many of each trigger, most first. */
  byTrigger: { trigger: Trigger; count: number }[];
}

export type LogItem = { kind: 'run'; startedAt: number; row: ActivityRow } | FoldedRuns;

export interface DayCount {
  /** Midnight, local time, that starts the day. */
  start: number;
  /** "Mon", "Tue"… */
  label: string;
  ok: number;
  failed: number;
}

/** Local midnight before `time`. */
export function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** The first moment the log shows: midnight, DAYS_SHOWN − 1 days before today. */
export function shownSince(now: number): number {
  const today = new Date(startOfDay(now));
  today.setDate(today.getDate() - (DAYS_SHOWN - 1));
  return today.getTime();
}

/**
 * The log's lines, newest first: the rows given (already filtered), with routine runs folded into
 * one line per day when `fold` is set. Rows before `shownSince(now)` are left out.
 */
export function logItems(rows: readonly ActivityRow[], now: number, fold = true): LogItem[] {
  const since = shownSince(now);
  const items: LogItem[] = [];
  const folds = new Map<number, FoldedRuns & { counts: Map<Trigger, number> }>();
  for (const row of rows) {
    if (row.startedAt < since) continue;
    if (!fold || !isRoutine(row)) {
      items.push({ kind: 'run', startedAt: row.startedAt, row });
      continue;
    }
    const day = startOfDay(row.startedAt);
    let folded = folds.get(day);
    if (!folded) {
      folded = {
        kind: 'folded',
        startedAt: row.startedAt,
        count: 0,
        pushed: 0,
        pulled: 0,
        byTrigger: [],
        counts: new Map(),
      };
      folds.set(day, folded);
    }
    folded.startedAt = Math.max(folded.startedAt, row.startedAt);
    folded.count += 1;
    folded.pushed += row.pushed ?? 0;
    folded.pulled += row.pulled ?? 0;
    folded.counts.set(row.trigger, (folded.counts.get(row.trigger) ?? 0) + 1);
  }
  for (const { counts, ...folded } of folds.values()) {
    folded.byTrigger = [...counts]
      .map(([trigger, count]) => ({ trigger, count }))
      .sort((a, b) => b.count - a.count);
    items.push(folded);
  }
  return items.sort((a, b) => b.startedAt - a.startedAt);
}

/** Background runs per day for the last DAYS_SHOWN days, oldest first, today last. */
export function backgroundPerDay(rows: readonly ActivityRow[], now: number): DayCount[] {
  const days: DayCount[] = [];
  const first = new Date(shownSince(now));
  for (let i = 0; i < DAYS_SHOWN; i += 1) {
    const day = new Date(first);
    day.setDate(first.getDate() + i);
    days.push({
      start: day.getTime(),
      label: day.toLocaleDateString(undefined, { weekday: 'short' }),
      ok: 0,
      failed: 0,
    });
  }
  for (const row of rows) {
    if (!isBackground(row.trigger)) continue;
    const start = startOfDay(row.startedAt);
    const day = days.find((candidate) => candidate.start === start);
    if (!day) continue;
    if (row.outcome === 'ok') day.ok += 1;
    else day.failed += 1;
  }
  return days;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "12 quick syncs while the app was open". */
export function describeFolded(folded: Pick<FoldedRuns, 'count'>): string {
  return `${plural(folded.count, 'quick sync', 'quick syncs')} while the app was open`;
}

/** "Sent 5 changes, received 20". */
export function describeCounts(pushed: number, pulled: number): string {
  return `Sent ${plural(pushed, 'change', 'changes')}, received ${pulled}`;
}

/** The chart's words, for those who cannot see it: "Mon 3, Tue none, … Today 1 (1 failed)". */
export function describeChart(days: readonly DayCount[]): string {
  const parts = days.map((day, index) => {
    const name = index === days.length - 1 ? 'today' : day.label;
    const total = day.ok + day.failed;
    if (total === 0) return `${name} none`;
    return `${name} ${total}${day.failed > 0 ? ` (${day.failed} failed)` : ''}`;
  });
  return `Background runs per day, last ${days.length} days: ${parts.join(', ')}.`;
}

/** "Today", "Yesterday", or the weekday and date. */
export function dayName(time: number, now: number): string {
  const day = startOfDay(time);
  const today = startOfDay(now);
  if (day === today) return 'Today';
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'Yesterday';
  return new Date(time).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
}
