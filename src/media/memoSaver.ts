// How a finished recording becomes a memo in Tideline's data: through the same local writes as
// everything else — `entry.put` for a "New voice memo", and the attachments' own path for the
// audio (hashed and kept on the device by the sync worker, `attachment.add` through the outbox,
// uploaded in the background and resumably by the upload machine).
import { attachFile } from '../app/attachments';
import { getDb, type VoiceRecordingRow } from '../db/db';
import { putEntry } from '../sync/mutate';
import type { SaveRecordingDeps } from './saveRecording';

export function memoSaver(): SaveRecordingDeps {
  const db = getDb();
  return {
    createEntry: (recording: VoiceRecordingRow, title: string) =>
      db.transaction(
        'rw',
        [db.outbox, db.meta, db.notebooks, db.entries, db.cursors, db.voiceRecordings],
        async () => {
          const entryId = await putEntry(db, recording.notebookId, undefined, { title });
          await db.voiceRecordings.update(recording.id, { entryId });
          return entryId;
        },
      ),
    hasAttachment: async (id) => {
      const recording = await db.voiceRecordings.get(id);
      if (!recording?.entryId) return false;
      const entry = await db.entries.get(recording.entryId);
      return (entry?.attachments ?? []).some((attachment) => attachment.id === id);
    },
    attach: async (memo) => {
      await attachFile({
        id: memo.id,
        notebookId: memo.notebookId,
        entryId: memo.entryId,
        blob: memo.blob,
        name: memo.name,
        type: memo.type,
        durationMs: memo.durationMs,
        thumbnail: memo.thumbnail,
      });
    },
  };
}
