// SHA-256 of uploads under way, computed as their chunks arrive, so the last chunk need not read
// the whole file back to verify it (finishUpload.ts). Only a hash that has seen every byte the
// store holds, in order, is ever used:
//
//   chunk at offset 0          a new hash
//   chunk at the hash's end    the hash goes on (bytes hashed as they pass to the store)
//   stored as many bytes as    kept; anything else (a write that failed, a chunk at another
//   hashed                     offset: after a restart, or one sent to another instance)
//                              drops it, and the finish reads the file back as before
//
// Kept in memory for at most MAX uploads (the oldest dropped first): a dropped or lost hash costs
// one read of the file at the end, never a wrong answer.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

const MAX = 1000;

interface Running {
  hash: Hash;
  /** Bytes hashed, from the upload's first. */
  offset: number;
}

export class UploadHashes {
  private readonly running = new Map<string, Running>();

  /** `store` as tus sees it: the same, except that writes are hashed on the way. */
  hashing(store: DataStore): DataStore {
    const write = async (src: Readable, id: string, offset: number): Promise<number> => {
      const known = this.running.get(id);
      this.running.delete(id);
      const running = offset === 0 ? { hash: createHash('sha256'), offset: 0 } : known;
      if (!running || running.offset !== offset) return store.write(src, id, offset);
      let hashed = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          running.hash.update(chunk);
          hashed += chunk.length;
          callback(null, chunk);
        },
      });
      src.on('error', (error) => tap.destroy(error));
      const stored = await store.write(src.pipe(tap), id, offset);
      if (stored === offset + hashed) this.keep(id, { hash: running.hash, offset: stored });
      return stored;
    };
    return new Proxy(store, {
      get(target, property) {
        if (property === 'write') return write;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }

  private keep(id: string, running: Running): void {
    this.running.set(id, running);
    if (this.running.size > MAX) this.running.delete(this.running.keys().next().value!);
  }

  /** The hex SHA-256 of an upload's `size` bytes, if every one of them was hashed here. */
  take(id: string, size: number): string | undefined {
    const running = this.running.get(id);
    this.running.delete(id);
    return running && running.offset === size ? running.hash.digest('hex') : undefined;
  }

  forget(id: string): void {
    this.running.delete(id);
  }
}
