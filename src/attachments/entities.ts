// The device-side rows of attachments (Dexie version 3): which bytes this device holds, which
// uploads wait or run, the tus upload URLs that let an upload resume, and each notebook's
// "keep files offline" choice. The attachment rows themselves live inside their entries
// (`EntryState.attachments`) and sync with them.

/** Where a file's bytes are kept on this device. */
export const FileStoreKind = {
  Opfs: 'opfs',
  IndexedDb: 'idb',
} as const;
export type FileStoreKind = (typeof FileStoreKind)[keyof typeof FileStoreKind];

/** Bytes this device holds, once per content hash. */
export interface LocalFileRow {
  sha256: string;
  size: number;
  type: string;
  /** 'memory' only in Node tests. */
  store: FileStoreKind | 'memory';
  storedAt: number;
  /** Since when no entry on this device refers to it (null: referenced); see collectFiles.ts. */
  unreferencedSince: number | null;
  /**
   * A copy downloaded from the server (opened here, or kept for a notebook kept offline), not
   * bytes attached on this device: clean-up may drop it once nothing keeps it (collectFiles.ts).
   * Absent on rows written before this field existed: treated as attached here, never dropped
   * while referenced.
   */
  downloaded?: boolean;
  /** When the person last opened it on this device (null: never, only kept for its notebook). */
  openedAt?: number | null;
}

/** A chunk of a file kept in IndexedDB (where OPFS is missing). */
export interface FileChunkRow {
  sha256: string;
  index: number;
  data: Blob;
}

export const UploadState = {
  /** Waiting for its turn, the network, or the notebook to reach the server. */
  Waiting: 'waiting',
  /** Being sent by one of this profile's contexts. */
  Uploading: 'uploading',
  /** The server holds the verified bytes. */
  Done: 'done',
  /** The server refused it for good (mismatch, too large, forbidden): shown like a dead letter. */
  Refused: 'refused',
} as const;
export type UploadState = (typeof UploadState)[keyof typeof UploadState];

/** One notebook's copy of one content hash to send (the server stores bytes per notebook). */
export interface UploadRow {
  /** `${notebookId}:${sha256}` */
  key: string;
  notebookId: string;
  sha256: string;
  name: string;
  type: string;
  size: number;
  state: UploadState;
  /** Bytes the server has confirmed. */
  offset: number;
  /** Failed attempts in a row (for the backoff). */
  attempts: number;
  /** Not before this time (ms since the epoch). */
  nextAttemptAt: number;
  /** The last failure or the refusal, in words for the user. */
  error: { code: string; message: string } | null;
  /** Bytes that actually crossed the network for this upload (a dedup sends 0). */
  sentBytes: number;
  createdAt: number;
  updatedAt: number;
}

/** A tus upload URL kept for resuming (tus-js-client's UrlStorage over Dexie). */
export interface TusUrlRow {
  key: string;
  fingerprint: string;
  uploadUrl: string | null;
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  parallelUploadUrls: string[] | null;
}

/** Per notebook: keep every file of it on this device. */
export interface NotebookFilesRow {
  notebookId: string;
  keepOffline: boolean;
}
