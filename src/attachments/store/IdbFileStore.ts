// Attachment bytes in IndexedDB, for browsers whose context here has no usable OPFS. A file is
// kept as pieces of PIECE_BYTES (`fileChunks`, keyed [sha256+index]), each a Blob: a small piece
// at a time is read from the source and written in its own transaction, so memory stays at one
// piece, and no single large Blob is ever stored (Safari has lost large Blobs in IndexedDB).
// Reading gives a Blob made of the stored pieces; the browser backs them, nothing is copied.
import type { TidelineDB } from '../../db/db';
import { AttachmentError, AttachmentErrorCode } from '../AttachmentError';
import { isQuotaError, type FileStore } from './FileStore';

export const PIECE_BYTES = 1024 * 1024;

export class IdbFileStore implements FileStore {
  readonly kind = 'idb' as const;

  constructor(private readonly db: TidelineDB) {}

  async put(sha256: string, blob: Blob): Promise<void> {
    try {
      const pieces = Math.max(1, Math.ceil(blob.size / PIECE_BYTES));
      for (let index = 0; index < pieces; index += 1) {
        const piece = blob.slice(index * PIECE_BYTES, (index + 1) * PIECE_BYTES);
        // A copy of the piece's bytes: the source may be a File the user can change under us.
        const data = new Blob([await piece.arrayBuffer()]);
        await this.db.fileChunks.put({ sha256, index, data });
      }
    } catch (error) {
      await this.delete(sha256).catch(() => undefined);
      if (isQuotaError(error)) {
        throw new AttachmentError(
          AttachmentErrorCode.QuotaExceeded,
          'This device is out of space for that file. Free some space (or remove files kept offline) and attach it again.',
          { cause: error },
        );
      }
      throw error;
    }
  }

  async get(sha256: string): Promise<Blob | null> {
    const pieces = await this.db.fileChunks
      .where('[sha256+index]')
      .between([sha256, 0], [sha256, Infinity])
      .toArray();
    if (pieces.length === 0) return null;
    return new Blob(pieces.map((piece) => piece.data));
  }

  async delete(sha256: string): Promise<void> {
    await this.db.fileChunks
      .where('[sha256+index]')
      .between([sha256, 0], [sha256, Infinity])
      .delete();
  }
}
