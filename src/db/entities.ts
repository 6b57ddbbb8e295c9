// The rows of Tideline's local database, one interface per entity. Entries and notebooks hold the
// local view — the server's state with the pending outbox applied on top (DESIGN.md, "Local
// state") — and, while mutations are pending, the server state they apply to (`base`), so a pull
// or a rejection can recompute the view without losing anything.
import type { AttachmentRecord } from '../protocol/attachments';
import type { EntryFields } from '../protocol/entry';
import type { MutationName, NamedMutation } from '../protocol/mutations';
import type { Cursor } from '../protocol/sync';
import type { Role } from '../protocol/roles';
import type { TrackGap } from '../protocol/track';

/** A notebook's content and server bookkeeping, without local flags. */
export interface NotebookState {
  name: string;
  role: Role;
  ownerId: string;
  /** The notebook's version when last pulled (0 while only this device knows it). */
  version: number;
  createdAt: number;
  /** Deleted on this device, not yet acknowledged by the server. */
  deleted: boolean;
}

export interface NotebookRow extends NotebookState {
  id: string;
  /** Entries changed by someone else since the user last opened the notebook. */
  unread: number;
  /** Outbox mutations (notebook.*) touching this notebook, not yet acknowledged. */
  pending: number;
  /** While `pending > 0`: the server's state the pending mutations apply to; null when the server
   *  does not know the notebook yet. Absent otherwise (the row itself is the server's state). */
  base?: NotebookState | null;
}

/** An entry's content and server bookkeeping, without local flags. */
export interface EntryState extends EntryFields {
  notebookId: string;
  /** The server version this state comes from: `baseVersion` of the next entry.put (0: new). */
  version: number;
  /** The version at which each field last changed on the server. */
  fieldVersions: Record<string, number>;
  /** Who wrote a field's current value, where that is not `updatedBy` (entryAuthor.ts). */
  fieldAuthors?: Record<string, string>;
  conflicted: boolean;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
  /** Photos and files on the entry, oldest first (absent on rows stored before attachments). */
  attachments?: AttachmentRecord[];
  /** In a view: deleted on this device, not yet acknowledged (hide it in lists). In a base: a
   *  tombstone on the server that a pending entry.put will bring back. */
  deleted: boolean;
}

export interface EntryRow extends EntryState {
  id: string;
  /** `done` as a key: IndexedDB cannot index booleans. */
  doneKey: 0 | 1;
  /** Outbox mutations touching this entry, not yet acknowledged. */
  pending: number;
  /** Changed by someone else since the user last opened its notebook. */
  unread: boolean;
  /** While `pending > 0`: the server state the pending mutations apply to (null: the server has
   *  no such entry yet). Absent otherwise. */
  base?: EntryState | null;
}

/** Where an outbox row stands, whatever its mutation. */
export interface OutboxPlace {
  seq?: number;
  /** 1, 2, 3… per clientId with no gaps. */
  mutationId: number;
  notebookId: string;
  /** The notebook or entry the mutation changes. */
  entityId: string;
  createdAt: number;
}

/** A mutation waiting for the server, in mutation-id order: its name and its arguments as
 *  validated by that name's protocol schema, exactly as they will be pushed. */
export type OutboxRow = NamedMutation & OutboxPlace;
/** An outbox row's fields with its name unchecked: what a dead letter keeps, and all that
 *  measuring a batch's arguments needs. */
export type LooseOutboxRow = OutboxPlace & { name: string; args: unknown };
/** An outbox row of one mutation name. */
export type OutboxRowOf<N extends MutationName> = Extract<OutboxRow, { name: N }>;

/** A mutation the server rejected for good: shown to the user, who may retry or discard it. */
export interface DeadLetterRow {
  id?: number;
  mutationId: number;
  name: string;
  /** Null when the server reported a rejection this device had no outbox row for. */
  args: unknown;
  notebookId: string;
  entityId: string;
  createdAt: number;
  /** The server's rejection code (`forbidden`, `invalid-args`, `not-found`…) and reason. */
  code: string;
  message: string;
  /** When the server rejected it. */
  at: number;
}

export interface CursorRow extends Cursor {
  notebookId: string;
}

/** Who is signed in on this profile, as far as this device knows. */
export interface AuthState {
  userId: string;
  name?: string;
  email?: string;
}

/** The key-value settings of the `meta` table and their types. */
export interface MetaValues {
  /** This browser profile's sync client id (a random UUID). */
  clientId: string;
  /** The id the next local mutation gets (starts at 1). */
  nextMutationId: number;
  /** The highest mutation id a push has taken from the outbox: rows up to it are frozen. */
  outboxClaimedThrough: number;
  /** The highest mutation id the server has applied or rejected. */
  lastMutationId: number;
  /** When a sync last finished without error. */
  lastSyncedAt: number;
  auth: AuthState | null;
  /** Rejections stored as dead letters but not yet acknowledged to the server. */
  rejectionsToAck: number[];
  /** Periodic background refresh: the minimum interval in minutes the user chose (0: off). */
  backgroundRefreshMinutes: number;
  /** The push endpoint this device last registered with the server (null: alerts off). */
  pushEndpoint: string | null;
  /** Tasks whose due time this device already announced in the app (entry id → that due
   *  time): the in-app reminder shows once per task and due time. */
  dueNoticesShown: Record<string, number>;
  /** What the server accepts for attachments (GET /api/files/limits), when last asked. */
  fileLimits: { maxUploadBytes: number; chunkBytes: number; fetchedAt: number };
}
export type MetaKey = keyof MetaValues;
export type MetaRow = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];

/** A GPS track being recorded on this device (one at a time): kept until it becomes an entry. */
export interface RecordingRow {
  id: string;
  notebookId: string;
  startedAt: number;
  /** 'recording' also after a reload or crash: the recorder resumes it, with a gap. */
  state: 'recording' | 'paused';
  /** Gaps so far; the last one may still be open (`to: null`). */
  gaps: TrackGap[];
  /** Fixes saved, the distance along them (metres) and the last one's time. */
  fixes: number;
  distanceM: number;
  lastFixAt: number | null;
  /** Fixes dropped for poor accuracy. */
  poorFixes: number;
  /** Keep the screen on while recording (Screen Wake Lock). */
  keepScreenOn: boolean;
}

/** One position of a recording, saved the moment it arrives (ordered by `id`). */
export interface TrackFixRow {
  id?: number;
  recordingId: string;
  lat: number;
  lon: number;
  t: number;
  ele: number | null;
  acc: number;
}

/** A voice memo being recorded, or recorded and not yet saved as an attachment. Its audio is in
 *  `voiceChunks`, saved as the recorder hands each chunk over (about once a second), so a
 *  crash or a killed tab loses at most the last second. */
export interface VoiceRecordingRow {
  /** Becomes the memo's attachment id. */
  id: string;
  notebookId: string;
  /** The entry the memo is for; null for "New voice memo", whose entry is made when it stops. */
  entryId: string | null;
  mimeType: string;
  startedAt: number;
  /** Audio recorded so far, in ms, as of the last saved chunk. */
  elapsedMs: number;
  /** `recording` until the recorder stopped cleanly; a `recording` row with no live recorder
   *  is a memo cut short by a crash or a closed tab, recovered on the next start. */
  state: 'recording' | 'stopped';
}

/** One chunk of a recording's audio, in order. */
export interface VoiceChunkRow {
  recordingId: string;
  seq: number;
  data: Blob;
  /** The recording's length, in ms, at the end of this chunk. */
  endMs: number;
  /** Loudness (0–1) sampled every LEVEL_INTERVAL_MS during this chunk: the waveform. */
  levels: number[];
}
