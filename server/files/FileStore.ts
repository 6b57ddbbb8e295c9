// Where attachments' bytes live, behind one interface: on disk under DATA_DIR (DiskFileStore, the
// default) or in S3-compatible object storage (S3FileStore, shared by several instances).
//
//   uploads under way   the tus data store (`uploads`): chunks appended, each a resume point
//   a finished upload   read back to verify its SHA-256, then adopted (moved, never re-sent)
//   stored content      one object per notebook and SHA-256: read (with a byte range), removed
//
// Which bytes are stored is recorded in the database (`files`); the store only holds them.
import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

export interface FileKey {
  notebookId: string;
  sha256: string;
}

/** Inclusive byte range, as HTTP's Range header counts. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileStore {
  readonly kind: 'disk' | 's3';
  /** The tus data store that keeps uploads under way. */
  readonly uploads: DataStore;
  /** A finished upload's bytes, to verify them. */
  readUpload(uploadId: string): Promise<Readable>;
  /** Deletes an upload, finished or not, with its state; nothing happens when it is gone. */
  removeUpload(uploadId: string): Promise<void>;
  /** Makes a finished upload the stored content of `key`; the upload is gone afterwards. */
  adoptUpload(uploadId: string, key: FileKey): Promise<void>;
  /** Stores bytes as the content of `key` (whole, replacing nothing on failure). */
  put(key: FileKey, bytes: Buffer): Promise<void>;
  /** The content's size, or undefined when it is not stored. */
  size(key: FileKey): Promise<number | undefined>;
  /** The content, or the bytes in `range`; throws FileMissing when it is not stored. */
  read(key: FileKey, range?: ByteRange): Promise<Readable>;
  /** Deletes stored content; nothing happens when it is gone. */
  remove(key: FileKey): Promise<void>;
}

/** Thrown by read() for content the store does not hold. */
export class FileMissing extends Error {
  override name = 'FileMissing';
  readonly code = 'file-missing';

  constructor(readonly key: FileKey) {
    super(`No stored file ${key.sha256} in notebook ${key.notebookId}`);
  }
}
