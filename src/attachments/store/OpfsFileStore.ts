// Attachment bytes in the Origin Private File System, one file per SHA-256 under `attachments/`.
// Writes stream the Blob through a writable (or, where only a sync access handle exists — Safari
// in a dedicated worker — piece by piece through it), so a 50 MB photo or video never sits whole
// in the JS heap; a read hands back the File OPFS gives, which is backed by the disk.
import { AttachmentError, AttachmentErrorCode } from '../AttachmentError';
import { isQuotaError, type FileStore } from './FileStore';

const DIRECTORY = 'attachments';

interface SyncAccessHandle {
  write(buffer: BufferSource, options?: { at?: number }): number;
  flush(): void;
  close(): void;
}
type FileHandleWithSync = FileSystemFileHandle & {
  createSyncAccessHandle?: () => Promise<SyncAccessHandle>;
  createWritable?: () => Promise<FileSystemWritableFileStream>;
};

/** Whether this context can keep files in OPFS (and write them). */
export async function opfsAvailable(): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return false;
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(DIRECTORY, { create: true });
    const probe = (await dir.getFileHandle('.probe', { create: true })) as FileHandleWithSync;
    const writable = typeof probe.createWritable === 'function';
    const sync = typeof probe.createSyncAccessHandle === 'function' && isDedicatedWorker();
    return writable || sync;
  } catch {
    return false;
  }
}

function isDedicatedWorker(): boolean {
  return (
    typeof (globalThis as { DedicatedWorkerGlobalScope?: unknown }).DedicatedWorkerGlobalScope !==
    'undefined'
  );
}

export class OpfsFileStore implements FileStore {
  readonly kind = 'opfs' as const;
  private dir: Promise<FileSystemDirectoryHandle> | undefined;

  private directory(): Promise<FileSystemDirectoryHandle> {
    this.dir ??= navigator.storage
      .getDirectory()
      .then((root) => root.getDirectoryHandle(DIRECTORY, { create: true }));
    return this.dir;
  }

  async put(sha256: string, blob: Blob): Promise<void> {
    const dir = await this.directory();
    const handle = (await dir.getFileHandle(sha256, { create: true })) as FileHandleWithSync;
    try {
      if (typeof handle.createWritable === 'function') {
        const writable = await handle.createWritable();
        await blob.stream().pipeTo(writable);
      } else if (typeof handle.createSyncAccessHandle === 'function') {
        const access = await handle.createSyncAccessHandle();
        try {
          let at = 0;
          const reader = blob.stream().getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            at += access.write(value, { at });
          }
          access.flush();
        } finally {
          access.close();
        }
      } else {
        throw new Error('This browser cannot write files to its private file system.');
      }
    } catch (error) {
      await dir.removeEntry(sha256).catch(() => undefined);
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
    try {
      const handle = await (await this.directory()).getFileHandle(sha256);
      return await handle.getFile();
    } catch {
      return null;
    }
  }

  async delete(sha256: string): Promise<void> {
    await (await this.directory()).removeEntry(sha256).catch(() => undefined);
  }
}
