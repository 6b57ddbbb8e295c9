import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { TidelineDB, Trigger, type ActivityRow } from './db';
import { ACTIVITY_LIMIT, ACTIVITY_TRIM_TO, recordActivity } from './recordActivity';

const opened: TidelineDB[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function open(): TidelineDB {
  const db = new TidelineDB(`record-activity-${Math.random()}`);
  opened.push(db);
  return db;
}

function row(trigger: Trigger, startedAt: number, outcome: 'ok' | 'error' = 'ok') {
  return {
    trigger,
    tag: trigger,
    startedAt,
    durationMs: 3,
    outcome,
    detail: 'Sent 0 changes, received 0',
  } satisfies Omit<ActivityRow, 'id'>;
}

const DAY = 24 * 60 * 60 * 1000;

describe('recordActivity', () => {
  it('keeps the log bounded, dropping routine runs while open before background runs and failures', async () => {
    const db = open();
    const now = Date.UTC(2026, 5, 1);
    // A day of background runs and a failure, then a flood of saves.
    const early: Omit<ActivityRow, 'id'>[] = [];
    for (let i = 0; i < 30; i += 1) early.push(row(Trigger.Push, now - DAY + i));
    early.push(row(Trigger.LocalWrite, now - DAY + 100, 'error'));
    await db.activity.bulkAdd(early);
    for (let i = 0; i < ACTIVITY_LIMIT; i += 1) {
      await recordActivity(db, row(Trigger.LocalWrite, now + i), now + i);
    }
    const count = await db.activity.count();
    expect(count).toBeLessThanOrEqual(ACTIVITY_LIMIT);
    expect(count).toBeGreaterThanOrEqual(ACTIVITY_TRIM_TO);
    expect(await db.activity.filter((r) => r.trigger === Trigger.Push).count()).toBe(30);
    expect(await db.activity.filter((r) => r.outcome === 'error').count()).toBe(1);
    // The newest save is always kept.
    expect((await db.activity.orderBy('startedAt').last())?.startedAt).toBe(
      now + ACTIVITY_LIMIT - 1,
    );
  });

  it('drops rows older than two weeks when it trims', async () => {
    const db = open();
    const now = Date.UTC(2026, 5, 1);
    await db.activity.bulkAdd(
      Array.from({ length: ACTIVITY_LIMIT }, (_, i) => row(Trigger.Push, now - 20 * DAY + i)),
    );
    await recordActivity(db, row(Trigger.Sync, now), now);
    expect(await db.activity.count()).toBe(1);
  });
});
