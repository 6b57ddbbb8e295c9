// Turns a finished (or crash-interrupted) recording into a voice memo: the audio with its real
// duration written into the container (WebM from MediaRecorder has none, so players would show
// "Infinity" and could not seek; fix-webm-duration adds it, to the header chunk only), a waveform thumbnail, and an attachment on its entry, made
// through the attachments' own path (stored on the device at once, uploaded in the background).
// The recording is deleted only once the memo is attached, and the memo's attachment id is the
// recording's, so a save interrupted half-way and run again attaches it once.
import fixWebmDuration from 'fix-webm-duration';
import type { VoiceRecordingRow, TidelineDB } from '../db/db';
import { formatDuration } from '../format/formatDuration';
import { assembleRecording, deleteRecording } from './recordingStore';
import { waveformBars, waveformThumbnail } from './waveform';

export const WAVEFORM_BARS = 64;

export interface MemoToAttach {
  /** The attachment's id: the recording's. */
  id: string;
  notebookId: string;
  entryId: string;
  blob: Blob;
  name: string;
  type: string;
  durationMs: number;
  thumbnail: string | null;
}

export interface SaveRecordingDeps {
  /** Makes the entry of a "New voice memo" and, in the same transaction, records its id on the
   *  recording (so a save cut short never makes a second entry); returns the id. */
  createEntry(recording: VoiceRecordingRow, title: string): Promise<string>;
  /** Whether the attachment already exists (a save interrupted after attaching). */
  hasAttachment(id: string): Promise<boolean>;
  attach(memo: MemoToAttach): Promise<void>;
}

export interface SavedMemo {
  entryId: string;
  attachmentId: string;
  durationMs: number;
}

const EXTENSIONS: Record<string, string> = { webm: 'webm', ogg: 'ogg', mp4: 'm4a' };

function fileName(startedAt: number, mimeType: string): string {
  const stamp = new Date(startedAt).toISOString().slice(0, 16).replace('T', ' ').replace(':', '.');
  const container = /^audio\/(\w+)/.exec(mimeType)?.[1] ?? 'webm';
  return `Voice memo ${stamp}.${EXTENSIONS[container] ?? container}`;
}

/** Saves a recording as a memo; null when it held no audio (it is then forgotten). */
export async function saveRecording(
  db: TidelineDB,
  recordingId: string,
  deps: SaveRecordingDeps,
): Promise<SavedMemo | null> {
  const assembled = await assembleRecording(db, recordingId);
  if (!assembled) {
    await deleteRecording(db, recordingId);
    return null;
  }
  const { recording, durationMs, levels } = assembled;
  if (!(await deps.hasAttachment(recording.id))) {
    // Only the first chunk is rewritten: it holds the whole WebM header, so the work is the same
    // for a 5-second memo and a 2-hour one (no long task, no copy of the whole recording).
    const [head, ...rest] = assembled.parts;
    const parts = recording.mimeType.startsWith('audio/webm')
      ? [await fixWebmDuration(head!, durationMs, { logger: false }), ...rest]
      : assembled.parts;
    const entryId =
      recording.entryId ??
      (await deps.createEntry(recording, `Voice memo (${formatDuration(durationMs)})`));
    await deps.attach({
      id: recording.id,
      notebookId: recording.notebookId,
      entryId,
      blob: new Blob(parts, { type: recording.mimeType }),
      name: fileName(recording.startedAt, recording.mimeType),
      type: recording.mimeType,
      durationMs: Math.round(durationMs),
      thumbnail: await waveformThumbnail(waveformBars(levels, WAVEFORM_BARS)),
    });
  }
  const entryId = (await db.voiceRecordings.get(recording.id))?.entryId ?? recording.entryId ?? '';
  await deleteRecording(db, recording.id);
  return { entryId, attachmentId: recording.id, durationMs };
}
