// tus-js-client's UrlStorage over Dexie (`tusUrls`): the upload URL the server handed out for a
// file is kept in IndexedDB, so an upload cut off by a reload, a closed browser, lost network or
// a server restart resumes from the server's offset, in whichever context (sync worker, service
// worker) picks it up next. tus-js-client's own storage is localStorage, which workers lack.
import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import type { TidelineDB, TusUrlRow } from '../../db/db';
import { uuidv7 } from '../../sync/uuid';

function previous(row: TusUrlRow): PreviousUpload {
  return {
    size: row.size,
    metadata: row.metadata,
    creationTime: row.creationTime,
    urlStorageKey: row.key,
    uploadUrl: row.uploadUrl,
    parallelUploadUrls: row.parallelUploadUrls,
  };
}

export class DexieUrlStorage implements UrlStorage {
  constructor(private readonly db: TidelineDB) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    return (await this.db.tusUrls.toArray()).map(previous);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const rows = await this.db.tusUrls.where('fingerprint').equals(fingerprint).toArray();
    // Newest first: the most recent URL is the one most likely still alive on the server.
    return rows.sort((a, b) => b.creationTime.localeCompare(a.creationTime)).map(previous);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.db.tusUrls.delete(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const key = `tus::${fingerprint}::${uuidv7()}`;
    await this.db.tusUrls.put({
      key,
      fingerprint,
      uploadUrl: upload.uploadUrl,
      size: upload.size,
      metadata: upload.metadata,
      creationTime: upload.creationTime,
      parallelUploadUrls: upload.parallelUploadUrls,
    });
    return key;
  }

  /** Forgets every URL kept for a fingerprint (after success, or a refusal). */
  async removeFingerprint(fingerprint: string): Promise<void> {
    await this.db.tusUrls.where('fingerprint').equals(fingerprint).delete();
  }
}
