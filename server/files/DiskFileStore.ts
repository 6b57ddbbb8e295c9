// The file store on local disk, under DATA_DIR/files (nothing to set up):
//
//   uploads/<uploadId>            tus uploads under way (@tus/file-store, with its .json state;
//                                 DiskUploadStore.ts)
//   content/<notebook>/<sha256>   stored content, written by rename so it is whole or absent
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DiskUploadStore } from './DiskUploadStore.js';
import { FileMissing, type ByteRange, type FileKey, type FileStore } from './FileStore.js';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export class DiskFileStore implements FileStore {
  readonly kind = 'disk';
  readonly uploads: DiskUploadStore;
  private readonly uploadDir: string;
  private readonly contentDir: string;

  constructor(root: string) {
    this.uploadDir = join(root, 'uploads');
    this.contentDir = join(root, 'content');
    this.uploads = new DiskUploadStore(this.uploadDir);
  }

  private path({ notebookId, sha256 }: FileKey): string {
    return join(this.contentDir, notebookId, sha256);
  }

  async readUpload(uploadId: string): Promise<Readable> {
    return this.uploads.read(uploadId);
  }

  async removeUpload(uploadId: string): Promise<void> {
    await rm(join(this.uploadDir, uploadId), { force: true });
    await this.forgetUpload(uploadId);
  }

  private async forgetUpload(uploadId: string): Promise<void> {
    try {
      await this.uploads.configstore.delete(uploadId);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async adoptUpload(uploadId: string, key: FileKey): Promise<void> {
    await mkdir(join(this.contentDir, key.notebookId), { recursive: true });
    await rename(join(this.uploadDir, uploadId), this.path(key));
    await this.forgetUpload(uploadId);
  }

  async put(key: FileKey, bytes: Buffer): Promise<void> {
    await mkdir(join(this.contentDir, key.notebookId), { recursive: true });
    const partial = `${this.path(key)}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, this.path(key));
  }

  async size(key: FileKey): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: FileKey, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.path(key), range);
    // Opening fails asynchronously: wait for the file to open so a missing one is reported here.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(isMissing(error) ? new FileMissing(key) : error));
    });
    return stream;
  }

  async remove(key: FileKey): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
