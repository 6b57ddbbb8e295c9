// Saving a recording as it goes: every fix and the latest row reach IndexedDB, in order, and
// fixes that arrive while a write is in flight share the next transaction.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingRow, TidelineDB, TrackFixRow } from '../db/db';
import { openTestDb } from '../sync/testing/testDevice';
import { RecordingWriter } from './RecordingWriter';

const dbs: TidelineDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function setUp() {
  const db = openTestDb('recording-writer');
  dbs.push(db);
  const transactions = vi.spyOn(db, 'transaction');
  const errors: unknown[] = [];
  /** What onWritten reported, as [the row's fix count, the fixes on disk at that moment]. */
  const written: Promise<[number, number]>[] = [];
  const writer = new RecordingWriter(
    db,
    (e) => errors.push(e),
    (saved) => written.push(db.trackFixes.count().then((onDisk) => [saved.fixes, onDisk])),
  );
  return { db, transactions, errors, written, writer };
}

const row = (fixes: number, patch: Partial<RecordingRow> = {}): RecordingRow => ({
  id: 'rec',
  notebookId: 'nb',
  startedAt: 0,
  state: 'recording',
  gaps: [],
  fixes,
  distanceM: fixes * 10,
  lastFixAt: fixes === 0 ? null : fixes * 1000,
  poorFixes: 0,
  keepScreenOn: false,
  ...patch,
});
const fix = (n: number): TrackFixRow => ({
  recordingId: 'rec',
  lat: 59 + n / 1e4,
  lon: 18,
  t: n * 1000,
  ele: null,
  acc: 5,
});

describe('RecordingWriter', () => {
  it('writes every fix, in order, and the latest row', async () => {
    const { db, writer } = setUp();
    for (let n = 1; n <= 5; n++) {
      writer.addFix(fix(n), row(n));
      if (n % 2 === 0) await Promise.resolve();
    }
    await writer.settled();
    const saved = await db.trackFixes.where('recordingId').equals('rec').toArray();
    expect(saved.map((f) => f.t)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(await db.recordings.get('rec')).toEqual(row(5));
  });

  it('puts fixes that arrive while a write is in flight in one transaction', async () => {
    const { db, writer, transactions } = setUp();
    writer.addFix(fix(1), row(1));
    await Promise.resolve();
    await Promise.resolve();
    // The first write has started; these three wait for it and go together.
    for (let n = 2; n <= 4; n++) writer.addFix(fix(n), row(n));
    await writer.settled();
    expect(transactions).toHaveBeenCalledTimes(2);
    expect(await db.trackFixes.count()).toBe(4);
    expect((await db.recordings.get('rec'))?.fixes).toBe(4);
  });

  it('keeps the last row handed over, whether with a fix or alone', async () => {
    const { db, writer } = setUp();
    writer.addFix(fix(1), row(1));
    const paused = writer.saveRow(row(1, { state: 'paused' }));
    await paused;
    expect((await db.recordings.get('rec'))?.state).toBe('paused');
    expect(await db.trackFixes.count()).toBe(1);
  });

  it('tells of fixes that could not be saved, and goes on', async () => {
    const { db, writer, errors } = setUp();
    writer.addFix({ ...fix(1), id: 7 }, row(1));
    await writer.settled();
    writer.addFix({ ...fix(2), id: 7 }, row(2));
    await writer.settled();
    expect(errors).toHaveLength(1);
    writer.addFix(fix(3), row(3));
    await writer.settled();
    expect(await db.trackFixes.count()).toBe(2);
  });

  it('reports a count as saved only once its fixes are on disk, never a refused batch', async () => {
    const { writer, written } = setUp();
    writer.addFix(fix(1), row(1));
    expect(written).toHaveLength(0);
    await Promise.resolve();
    await Promise.resolve();
    for (let n = 2; n <= 3; n++) writer.addFix(fix(n), row(n));
    await writer.settled();
    writer.addFix({ ...fix(4), id: 1 }, row(4));
    await writer.settled();
    expect(await Promise.all(written)).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });
});
