// What the attachment functions work with: the database, the server, and where bytes go. The
// sync worker, the service worker and the page build it with browserAttachmentDeps; Node tests
// pass an in-memory store and a bearer-token API.
import type { TidelineDB } from '../db/db';
import { SAME_ORIGIN, type FileApi } from './FileApi';
import type { FileStore } from './store/FileStore';
import { chooseFileStore, fileStoreOf } from './store/chooseFileStore';
import type { FileStoreKind } from './entities';

export interface AttachmentDeps {
  db: TidelineDB;
  api: FileApi;
  /** The store new bytes go to in this context. */
  store(): Promise<FileStore>;
  /** The store that holds bytes written to `kind`. */
  storeOf(kind: string): FileStore;
  now?: () => number;
}

export function browserAttachmentDeps(db: TidelineDB): AttachmentDeps {
  return {
    db,
    api: SAME_ORIGIN,
    store: () => chooseFileStore(db),
    storeOf: (kind) => fileStoreOf(db, kind as FileStoreKind),
  };
}

/** The bytes of `sha256` on this device, or null. */
export async function readLocalFile(deps: AttachmentDeps, sha256: string): Promise<Blob | null> {
  const row = await deps.db.files.get(sha256);
  if (!row) return null;
  const blob = await deps.storeOf(row.store).get(sha256);
  // A row whose bytes went missing (the browser cleared OPFS) is not a file here.
  if (!blob || blob.size !== row.size) return null;
  return blob;
}

/**
 * Keeps `blob` (already hashed to `sha256`) on this device, unless it is already here. `origin`
 * says whether the person attached it here (never dropped while an entry refers to it) or it was
 * downloaded (a copy clean-up may drop when no notebook keeps it offline; collectFiles.ts).
 */
export async function keepLocalFile(
  deps: AttachmentDeps,
  sha256: string,
  blob: Blob,
  type: string,
  origin: 'attached' | 'downloaded' = 'attached',
): Promise<void> {
  if (await readLocalFile(deps, sha256)) {
    await deps.db.files.update(sha256, {
      unreferencedSince: null,
      // Attached here now: the person's own bytes, whatever brought them first.
      ...(origin === 'attached' && { downloaded: false }),
    });
    return;
  }
  const store = await deps.store();
  await store.put(sha256, blob);
  await deps.db.files.put({
    sha256,
    size: blob.size,
    type,
    store: store.kind,
    storedAt: (deps.now ?? Date.now)(),
    unreferencedSince: null,
    downloaded: origin === 'downloaded',
    openedAt: null,
  });
}
