// @tus/file-store with each upload's state (the <id>.json beside its bytes) kept in memory once
// read. tus reads that state on every PATCH and HEAD, which for a 50 MB file was a dozen reads of
// a file that never changes: it is written once, when the upload is created (Tideline always
// takes Upload-Length then, so it is never declared later), and removed with the upload.
//
// Only the state is kept, never the offset: that is the bytes file's size, asked of the disk on
// every request as before. An upload removed behind this process's back (by another process on
// the same directory) fails that check; its state is then read from disk again, so the answer is
// the one the disk gives, as without the cache.
//
// Chunks are written through a WRITE_BUFFER-byte buffer instead of fs's default 16 KiB: while one
// write is on its way to the disk the next bytes gather, and go in one write (writev) instead of
// one per 64 KiB socket read. Server CPU per 50 MB went from 90–100 to 40–50 ms on the project's
// machine, receiving and writing alone (docs/benchmarks.md, Uploads). A chunk cut off still keeps what arrived:
// the body ends, the buffer is written out, the offset is the file's size as before.
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileConfigstore, FileStore as TusFileStore } from '@tus/file-store';
import { ERRORS, type KvStore, type Upload } from '@tus/utils';

/** Bytes gathered per upload while a write is under way: at most this much memory per upload. */
export const WRITE_BUFFER = 1024 * 1024;

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

  /** @tus/file-store's write, through a larger buffer (see the top of this file). */
  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    // The library's own path check (an id that leaves the directory is not found).
    const path = (this['resolve'] as (id: string) => string).call(this, id);
    const file = createWriteStream(path, {
      flags: 'r+',
      start: offset,
      highWaterMark: WRITE_BUFFER,
    });
    try {
      await pipeline(readable, file);
    } catch {
      throw ERRORS.FILE_WRITE_ERROR;
    }
    return offset + file.bytesWritten;
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
