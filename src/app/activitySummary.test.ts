import { describe, expect, it } from 'vitest';
import { Trigger, type ActivityRow } from '../db/db';
import {
  backgroundPerDay,
  describeChart,
  describeFolded,
  describeRun,
  logItems,
} from './activitySummary';

const now = new Date(2026, 5, 10, 15, 0).getTime();
const hoursAgo = (hours: number) => now - hours * 60 * 60 * 1000;
let id = 0;

function run(trigger: Trigger, startedAt: number, extra: Partial<ActivityRow> = {}): ActivityRow {
  id += 1;
  return {
    id,
    trigger,
    tag: trigger === Trigger.Sync ? 'workbox-background-sync:tideline-outbox' : trigger,
    startedAt,
    durationMs: 24,
    outcome: 'ok',
    detail: 'Sent 1 change, received 0',
    pushed: 1,
    pulled: 0,
    ...extra,
  };
}

describe('the activity log as people read it', () => {
  it('folds routine runs while the app was open into one line per day', () => {
    const rows = [
      run(Trigger.LocalWrite, hoursAgo(1)),
      run(Trigger.Poke, hoursAgo(2), { pushed: 0, pulled: 3 }),
      run(Trigger.Sync, hoursAgo(3)),
      run(Trigger.Foreground, hoursAgo(4)),
      run(Trigger.LocalWrite, hoursAgo(5), { outcome: 'error', error: 'offline' }),
      run(Trigger.Manual, hoursAgo(6)),
      run(Trigger.LocalWrite, hoursAgo(30)),
    ];
    const items = logItems(rows, now);
    expect(items.map((item) => (item.kind === 'run' ? item.row.trigger : 'folded'))).toEqual([
      'folded',
      Trigger.Sync,
      Trigger.LocalWrite, // a failure stays on its own line
      Trigger.Manual, // so does a run the person asked for
      'folded', // yesterday's
    ]);
    const today = items[0];
    expect(today).toMatchObject({ kind: 'folded', count: 3, pushed: 2, pulled: 3 });
    expect(describeFolded({ count: 3 })).toBe('3 quick syncs while the app was open');
    // Filtered to one kind, nothing is folded.
    expect(logItems(rows, now, false)).toHaveLength(rows.length);
  });

  it('names runs in plain words, never by their event tag', () => {
    expect(describeRun(run(Trigger.Sync, now))).toBe('Sent your changes in the background');
    expect(describeRun(run(Trigger.PeriodicSync, now))).toBe(
      'Checked for teammates’ changes in the background',
    );
    for (const trigger of Object.values(Trigger)) {
      expect(describeRun(run(trigger, now))).not.toMatch(/workbox|tideline-|sync:/);
    }
  });

  it('counts background runs per day for the last week, with words for the chart', () => {
    const rows = [
      run(Trigger.Push, hoursAgo(1)),
      run(Trigger.Push, hoursAgo(2), { outcome: 'error' }),
      run(Trigger.PeriodicSync, hoursAgo(26)),
      run(Trigger.LocalWrite, hoursAgo(1)),
      run(Trigger.Sync, hoursAgo(24 * 9)),
    ];
    const days = backgroundPerDay(rows, now);
    expect(days).toHaveLength(7);
    expect(days.at(-1)).toMatchObject({ ok: 1, failed: 1 });
    expect(days.at(-2)).toMatchObject({ ok: 1, failed: 0 });
    expect(days.slice(0, 5).every((day) => day.ok + day.failed === 0)).toBe(true);
    expect(describeChart(days)).toMatch(/today 2 \(1 failed\)\.$/);
    // Older than the week: neither counted nor listed.
    expect(logItems(rows, now).some((item) => item.startedAt === hoursAgo(24 * 9))).toBe(false);
  });
});
