// What becomes of a recording when it ends: on stop, every fix saved on the device becomes the
// track of ONE new entry in the recording's notebook, written in the same transaction that deletes
// the recording and its fixes (a crash leaves the recording, resumed on reload, or the entry —
// never both, never neither); on discard, the recording and its fixes are deleted.
import type { RecordingRow, TidelineDB } from '../db/db';
import { Limits } from '../protocol/limits';
import { TRACK_TOO_LARGE_MESSAGE, type Track, type TrackGap } from '../protocol/track';
import { encodeTrackPoints } from '../protocol/trackCodec';
import { putEntry } from '../sync/mutate';
import { GapTracker } from './GapTracker';
import { RecorderError, RecorderErrorCode } from './RecorderError';
import { trackTitle } from './trackTitle';

/** Writes the recording as a new entry (its gaps closed at `endedAt`); returns the entry's id. */
export async function saveRecordingAsEntry(
  db: TidelineDB,
  row: RecordingRow,
  gaps: readonly TrackGap[],
  endedAt: number,
): Promise<string> {
  const fixes = await db.trackFixes.where('recordingId').equals(row.id).toArray();
  if (fixes.length === 0) {
    throw new RecorderError(
      RecorderErrorCode.Empty,
      'No position has been recorded yet: wait for a fix, or discard the recording.',
    );
  }
  const end = new GapTracker(gaps, fixes.length - 1);
  end.end(endedAt);
  const points = encodeTrackPoints(
    fixes.map(({ lat, lon, t, ele, acc }) => ({ lat, lon, t, ele, acc })),
  );
  if (points.length > Limits.trackMaxChars) {
    throw new RecorderError(
      RecorderErrorCode.TooLarge,
      `This recording is too long to save as one entry: ${TRACK_TOO_LARGE_MESSAGE}. Download it as GPX to keep it.`,
    );
  }
  const track: Track = { points, gaps: end.gaps };
  const tables = [
    db.outbox,
    db.meta,
    db.notebooks,
    db.entries,
    db.cursors,
    db.recordings,
    db.trackFixes,
  ];
  return db.transaction('rw', tables, async () => {
    const id = await putEntry(db, row.notebookId, undefined, {
      title: trackTitle(row.startedAt),
      track,
    });
    await db.trackFixes.where('recordingId').equals(row.id).delete();
    await db.recordings.delete(row.id);
    return id;
  });
}

/** Deletes the recording and every fix of it. */
export async function deleteRecording(db: TidelineDB, recordingId: string): Promise<void> {
  await db.transaction('rw', [db.recordings, db.trackFixes], async () => {
    await db.trackFixes.where('recordingId').equals(recordingId).delete();
    await db.recordings.delete(recordingId);
  });
}
