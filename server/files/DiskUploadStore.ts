// @tus/file-store with each upload's state (the <id>.json beside its bytes) kept in memory once
// read. tus reads that state on every PATCH and HEAD, which for a 50 MB file was a dozen reads of
// a file that never changes: it is written once, when the upload is created (Tideline always
// takes Upload-Length then, so it is never declared later), and removed with the upload.
//
// Only the state is kept, never the offset: that is the bytes file's size, asked of the disk on
// every request as before. An upload removed behind this process's back (by another process on
// the same directory) fails that check; its state is then read from disk again, so the answer is
// the one the disk gives, as without the cache.
import { FileConfigstore, FileStore as TusFileStore } from '@tus/file-store';
import type { KvStore, Upload } from '@tus/utils';

/** Uploads whose state is kept at once (the oldest dropped first; dropping only costs a read). */
const KEPT_MAX = 1000;

class KeptConfigstore implements KvStore<Upload> {
  private readonly kept = new Map<string, Upload>();

  constructor(private readonly disk: FileConfigstore) {}

  has(key: string): boolean {
    return this.kept.has(key);
  }

  forget(key: string): void {
    this.kept.delete(key);
  }

  async get(key: string): Promise<Upload | undefined> {
    const kept = this.kept.get(key);
    if (kept) return kept;
    const value = await this.disk.get(key);
    if (value) this.keep(key, value);
    return value;
  }

  async set(key: string, value: Upload): Promise<void> {
    await this.disk.set(key, value);
    // As the disk holds it (tus adds fields to the object after storing it).
    this.keep(key, JSON.parse(JSON.stringify(value)) as Upload);
  }

  async delete(key: string): Promise<void> {
    this.kept.delete(key);
    await this.disk.delete(key);
  }

  list(): Promise<string[]> {
    return this.disk.list();
  }

  private keep(key: string, value: Upload): void {
    this.kept.delete(key);
    this.kept.set(key, value);
    if (this.kept.size > KEPT_MAX) this.kept.delete(this.kept.keys().next().value!);
  }
}

export class DiskUploadStore extends TusFileStore {
  private readonly states: KeptConfigstore;

  constructor(directory: string) {
    const states = new KeptConfigstore(new FileConfigstore(directory));
    super({ directory, configstore: states });
    this.states = states;
  }

  override async getUpload(id: string): Promise<Upload> {
    try {
      return await super.getUpload(id);
    } catch (error) {
      // Perhaps removed behind this process's back: ask the disk alone.
      if (!this.states.has(id)) throw error;
      this.states.forget(id);
      return super.getUpload(id);
    }
  }
}
