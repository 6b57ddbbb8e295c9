// Tideline's local database (Dexie over IndexedDB), shared by the page, the sync worker and
// the service worker. Schema versions are numbered and only ever appended: a later version adds
// tables or indexes and, where needed, an upgrade function. Never edit a published version.
//
//   1  activity log
//   2  notebooks, entries, outbox, deadLetters, cursors, meta (the offline-first sync state)
//   3  files, fileChunks, uploads, tusUrls, notebookFiles (attachments' bytes on this device)
//   4  recordings, trackFixes (a GPS track being recorded: every fix saved as it arrives)
//   5  voiceRecordings, voiceChunks (voice memos saved as they are recorded)
//   6  entries by [notebookId+due] (tasks by due time: sorting, "Due soon", "Overdue"; entries
//      without a due time have no key there)
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import { DB_NAME } from './dbName';
import { abortTransactionsOnLeaving } from './abortOnLeaving';
import type {
  CursorRow,
  DeadLetterRow,
  EntryRow,
  MetaKey,
  MetaRow,
  NotebookRow,
  OutboxRow,
  RecordingRow,
  TrackFixRow,
  VoiceChunkRow,
  VoiceRecordingRow,
} from './entities';
import type {
  FileChunkRow,
  LocalFileRow,
  NotebookFilesRow,
  TusUrlRow,
  UploadRow,
} from '../attachments/entities';

export type * from './entities';
export type * from '../attachments/entities';

/** Where a run came from; every trigger writes one activity row. */
export const Trigger = {
  Sync: 'sync',
  PeriodicSync: 'periodicsync',
  Push: 'push',
  Foreground: 'foreground',
  Manual: 'manual',
  /** The event stream said a notebook moved. */
  Poke: 'poke',
  /** Push-after-write: the user changed something. */
  LocalWrite: 'local-write',
  /** The browser came back online. */
  Online: 'online',
  /** A scheduled retry after the server was busy or unreachable, or the event stream reconnecting. */
  Retry: 'retry',
  /** Sync resumed after the user signed in again. */
  Resume: 'resume',
  /** The sync worker started. */
  WorkerStart: 'worker-start',
} as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];

export type ActivityOutcome = 'ok' | 'error';

/** One row of the background-activity log shown in Settings. */
export interface ActivityRow {
  id?: number;
  trigger: Trigger;
  /** The event's tag (sync, periodic sync) or a short label. */
  tag: string;
  startedAt: number;
  durationMs: number;
  outcome: ActivityOutcome;
  detail: string;
  /** Mutations the server acknowledged (applied or rejected) during a sync run. */
  pushed?: number;
  /** Entries (and tombstones) a sync run pulled. */
  pulled?: number;
  /** The failure's code (`offline`, `auth-required`, `server-busy`…) when outcome is 'error'. */
  error?: string;
}

export { DB_NAME };

export class TidelineDB extends Dexie {
  activity!: EntityTable<ActivityRow, 'id'>;
  notebooks!: Table<NotebookRow, string>;
  entries!: Table<EntryRow, string>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  deadLetters!: EntityTable<DeadLetterRow, 'id'>;
  cursors!: Table<CursorRow, string>;
  meta!: Table<MetaRow, MetaKey>;
  files!: Table<LocalFileRow, string>;
  fileChunks!: Table<FileChunkRow, [string, number]>;
  uploads!: Table<UploadRow, string>;
  tusUrls!: Table<TusUrlRow, string>;
  notebookFiles!: Table<NotebookFilesRow, string>;
  recordings!: Table<RecordingRow, string>;
  trackFixes!: EntityTable<TrackFixRow, 'id'>;
  voiceRecordings!: Table<VoiceRecordingRow, string>;
  voiceChunks!: Table<VoiceChunkRow, [string, number]>;

  /** `options` lets tests hand in another IndexedDB (fake-indexeddb). */
  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({ activity: '++id, startedAt' });
    this.version(2).stores({
      notebooks: 'id, name, createdAt',
      entries:
        'id, notebookId, [notebookId+updatedAt], [notebookId+createdAt], [notebookId+doneKey], *tags',
      outbox: '++seq, &mutationId, entityId, notebookId',
      deadLetters: '++id, mutationId, entityId, notebookId',
      cursors: 'notebookId',
      meta: 'key',
    });
    this.version(3).stores({
      files: 'sha256, unreferencedSince',
      fileChunks: '[sha256+index]',
      uploads: 'key, state, notebookId, sha256',
      tusUrls: 'key, fingerprint',
      notebookFiles: 'notebookId',
    });
    this.version(4).stores({ recordings: 'id', trackFixes: '++id, recordingId' });
    this.version(5).stores({
      voiceRecordings: 'id, state',
      voiceChunks: '[recordingId+seq], recordingId',
    });
    this.version(6).stores({
      entries:
        'id, notebookId, [notebookId+updatedAt], [notebookId+createdAt], [notebookId+doneKey], *tags, [notebookId+due]',
    });
  }
}

let instance: TidelineDB | undefined;

/** The shared database of this browser profile, opened on first use. */
export function getDb(): TidelineDB {
  if (!instance) {
    abortTransactionsOnLeaving();
    instance = new TidelineDB();
  }
  return instance;
}
