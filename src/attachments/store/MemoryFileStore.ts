// Attachment bytes in memory: for Node tests of the code above the stores (collection, the
// upload machine), where neither OPFS nor a Blob-capable IndexedDB exists.
import type { FileStore } from './FileStore';

export class MemoryFileStore implements FileStore {
  readonly kind = 'memory' as const;
  readonly files = new Map<string, Blob>();

  put(sha256: string, blob: Blob): Promise<void> {
    this.files.set(sha256, blob);
    return Promise.resolve();
  }

  get(sha256: string): Promise<Blob | null> {
    return Promise.resolve(this.files.get(sha256) ?? null);
  }

  delete(sha256: string): Promise<void> {
    this.files.delete(sha256);
    return Promise.resolve();
  }
}
