// Where a voice memo lives while it is being recorded: a `voiceRecordings` row and its audio chunks in
// IndexedDB, each chunk saved as the recorder hands it over. Nothing of a recording is only in
// memory for longer than one chunk, so whatever ends the page (a crash, a reload, a killed tab)
// costs at most the last second; `unsavedRecordings` finds what such an end left behind.
import type { VoiceChunkRow, VoiceRecordingRow, TidelineDB } from '../db/db';

export type NewRecording = Omit<VoiceRecordingRow, 'elapsedMs' | 'state'>;

export async function beginRecording(db: TidelineDB, recording: NewRecording): Promise<void> {
  await db.voiceRecordings.add({ ...recording, elapsedMs: 0, state: 'recording' });
}

/** Saves one chunk and the recording's new length in one transaction. */
export async function saveChunk(db: TidelineDB, chunk: VoiceChunkRow): Promise<void> {
  await db.transaction('rw', db.voiceRecordings, db.voiceChunks, async () => {
    await db.voiceChunks.put(chunk);
    await db.voiceRecordings.update(chunk.recordingId, { elapsedMs: chunk.endMs });
  });
}

export async function markStopped(db: TidelineDB, id: string): Promise<void> {
  await db.voiceRecordings.update(id, { state: 'stopped' });
}

/** Every recording not yet saved as a memo, oldest first. */
export async function unsavedRecordings(db: TidelineDB): Promise<VoiceRecordingRow[]> {
  return (await db.voiceRecordings.toArray()).sort((a, b) => a.startedAt - b.startedAt);
}

export interface AssembledRecording {
  recording: VoiceRecordingRow;
  /** The chunks' audio in order, as recorded (a WebM's first chunk holds its header, still
   *  without a duration). */
  parts: Blob[];
  durationMs: number;
  /** Loudness samples over the whole recording. */
  levels: number[];
}

/** A recording's audio and facts, or null when it has no audio at all. */
export async function assembleRecording(
  db: TidelineDB,
  id: string,
): Promise<AssembledRecording | null> {
  const recording = await db.voiceRecordings.get(id);
  if (!recording) return null;
  const chunks = await db.voiceChunks
    .where('[recordingId+seq]')
    .between([id, -Infinity], [id, Infinity])
    .toArray();
  const parts = chunks.filter((chunk) => chunk.data.size > 0);
  if (parts.length === 0) return null;
  return {
    recording,
    parts: parts.map((chunk) => chunk.data),
    durationMs: parts[parts.length - 1]!.endMs,
    levels: parts.flatMap((chunk) => chunk.levels),
  };
}

/** Forgets a recording and its audio (once it is saved as a memo, or discarded by the user). */
export async function deleteRecording(db: TidelineDB, id: string): Promise<void> {
  await db.transaction('rw', db.voiceRecordings, db.voiceChunks, async () => {
    await db.voiceChunks.where('recordingId').equals(id).delete();
    await db.voiceRecordings.delete(id);
  });
}
