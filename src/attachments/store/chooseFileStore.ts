// Which store keeps this device's attachment bytes, and the store that holds a given file.
//
// OPFS where this context can write to it, IndexedDB otherwise.
//
// Measured (bench/fileStore.bench.ts; docs/benchmarks.md, "Attachment bytes on the device"):
// a 50 MB file stored and read back through each store in the same Chromium 156 run, medians of
// 7 rounds, on the shared 2-core machine at load average ~25. In a dedicated worker (where the
// app runs them): write OPFS 191 MB/s vs IndexedDB 151 MB/s, read back 1316 vs 722 MB/s; peak JS
// heap above the start while writing 22.0 vs 23.3 MB (both pass the file through in pieces,
// garbage included), while reading back 6.0 vs 24.1 MB; main-thread tasks over 50 ms: 0 and 0.
// On the page itself: write 156 vs 175 MB/s, read back 838 vs 809 MB/s, 0 long tasks writing,
// one of 71 ms in 7 OPFS read-backs. Single rounds spread widely (OPFS writes 36–297 MB/s,
// IndexedDB 101–209), and an earlier run that minute had the worker's speeds the other way round,
// so on this machine speed does not separate them. What held in all three runs made that evening
// is the worker's heap: OPFS at or below IndexedDB writing and reading back (reading, IndexedDB
// hands back a Blob of its pieces). That, and Safari's record of losing large Blobs in IndexedDB
// (the fallback keeps 1 MB pieces for that reason), is why OPFS is the default here.
// IndexedDB stays the fallback (older Safari and Firefox, contexts with no OPFS writer), and a
// file keeps the store it was written to (LocalFileRow.store).
import type { TidelineDB } from '../../db/db';
import { FileStoreKind } from '../entities';
import type { FileStore } from './FileStore';
import { IdbFileStore } from './IdbFileStore';
import { OpfsFileStore, opfsAvailable } from './OpfsFileStore';

let chosen: Promise<FileStore> | undefined;
let opfs: OpfsFileStore | undefined;

/** The store new files go to in this context. */
export function chooseFileStore(db: TidelineDB): Promise<FileStore> {
  chosen ??= opfsAvailable().then((ok) =>
    ok ? (opfs ??= new OpfsFileStore()) : new IdbFileStore(db),
  );
  return chosen;
}

/** The store a file was written to. */
export function fileStoreOf(db: TidelineDB, kind: FileStoreKind): FileStore {
  if (kind === FileStoreKind.Opfs) return (opfs ??= new OpfsFileStore());
  return new IdbFileStore(db);
}
