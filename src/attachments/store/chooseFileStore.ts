// Which store keeps this device's attachment bytes, and the store that holds a given file.
//
// OPFS where this context can write to it, IndexedDB otherwise. Measured on this machine's
// Chromium with a 50 MB file written then read back in the sync worker (bench/fileStore.bench.ts,
// figures in docs/benchmarks.md): OPFS streams the Blob to disk with the JS heap flat (the bytes
// never enter it), and reading gives a disk-backed File at once; IndexedDB must copy each piece
// through the heap (one piece at a time here) and commits a transaction per piece, slower for
// the same bytes. OPFS also sits outside IndexedDB's transaction machinery, so a large write never
// delays the sync's transactions. IndexedDB stays the fallback (older Safari and Firefox, contexts
// with no OPFS writer), and a file keeps the store it was written to (LocalFileRow.store).
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
