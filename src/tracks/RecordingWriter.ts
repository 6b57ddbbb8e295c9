// Saves a recording to IndexedDB as it goes: each fix with the recording's row, and the row alone
// when only it changed (paused, a gap, a fix too imprecise to keep). Nothing waits on a timer:
//
//   idle ──fix or row──▶ writing (one transaction) ──done──▶ anything asked for meanwhile?
//                          ▲                                   │ yes: its fixes (one bulkAdd)
//                          └───────────────────────────────────┘      and the latest row
//
// A fix arriving at a quiet moment is written at once, as before; fixes arriving while a write is
// in flight (a burst after a stall, a busy device) go together in the next transaction instead of
// one transaction each. The row carries the whole recording's state, so only the latest one asked
// for is written: the row on disk is always the last one handed over. Once a batch is written,
// `onWritten` hears its row: its `fixes` is how many fixes are on disk, so that — not the count in
// memory — is what the person is told is saved.
import type { RecordingRow, TidelineDB, TrackFixRow } from '../db/db';

interface Batch {
  fixes: TrackFixRow[];
  row: RecordingRow | undefined;
  written: Promise<void>;
  done(): void;
}

function newBatch(): Batch {
  let done!: () => void;
  const written = new Promise<void>((resolve) => (done = resolve));
  return { fixes: [], row: undefined, written, done };
}

export class RecordingWriter {
  /** What is being written now. */
  private writing: Batch | undefined;
  /** What was asked for since; written next. */
  private waiting: Batch | undefined;

  constructor(
    private readonly db: TidelineDB,
    /** Told when fixes could not be saved (the row alone failing is not worth a word). */
    private readonly onFixError: (error: unknown) => void,
    /** Told the row of each batch once it and its fixes are written. */
    private readonly onWritten: (row: RecordingRow) => void = () => undefined,
  ) {}

  /** Saves a fix and the row that counts it. */
  addFix(fix: TrackFixRow, row: RecordingRow): void {
    const batch = this._batch();
    batch.fixes.push(fix);
    batch.row = row;
  }

  /** Saves the row; resolves once it and everything asked for before it are written. */
  saveRow(row: RecordingRow): Promise<void> {
    const batch = this._batch();
    batch.row = row;
    return batch.written;
  }

  /** Resolves once everything asked for so far is written (or has failed). */
  settled(): Promise<void> {
    return (this.waiting ?? this.writing)?.written ?? Promise.resolve();
  }

  private _batch(): Batch {
    if (!this.waiting) {
      this.waiting = newBatch();
      if (!this.writing) void this._drain();
    }
    return this.waiting;
  }

  private async _drain(): Promise<void> {
    // Whatever else this task asks for joins the first batch.
    await Promise.resolve();
    while (this.waiting) {
      const batch = this.waiting;
      this.waiting = undefined;
      this.writing = batch;
      try {
        await this._write(batch);
        if (batch.row) this.onWritten(batch.row);
      } catch (error) {
        if (batch.fixes.length > 0) this.onFixError(error);
      }
      this.writing = undefined;
      batch.done();
    }
  }

  private async _write({ fixes, row }: Batch): Promise<void> {
    const { db } = this;
    if (fixes.length === 0) {
      if (row) await db.recordings.put(row);
      return;
    }
    await db.transaction('rw', [db.trackFixes, db.recordings], async () => {
      await db.trackFixes.bulkAdd(fixes);
      if (row) await db.recordings.put(row);
    });
  }
}
