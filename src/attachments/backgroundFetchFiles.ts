// Large files through Background Fetch, where the browser has it (Chromium): the browser itself
// downloads them, shows its own progress UI, and carries on when every Tideline page closes or
// the service worker stops; the service worker keeps the bytes when the download succeeds
// (sw/backgroundFetch.ts). Used for notebooks kept offline, whose downloads can be large and
// nobody waits for. Elsewhere — and for small files, or if the browser refuses a fetch — the sync
// worker downloads with fetch as before (fetchAttachment.ts).
//
// A fetch's id names its file (`tideline-file:<notebookId>:<sha256>`), so a second request for the
// same file while one runs joins it, and the service worker knows what arrived.
import { AttachmentPaths } from '../protocol/attachments';
import type { AttachmentRef } from './fetchAttachment';

/** Files at least this large go through Background Fetch where it exists. */
export const BACKGROUND_FETCH_MIN_BYTES = 16 * 1024 * 1024;

const PREFIX = 'tideline-file:';

export function backgroundFetchId(notebookId: string, sha256: string): string {
  return `${PREFIX}${notebookId}:${sha256}`;
}

export function parseBackgroundFetchId(id: string): { notebookId: string; sha256: string } | null {
  if (!id.startsWith(PREFIX)) return null;
  const [notebookId, sha256] = id.slice(PREFIX.length).split(':');
  if (!notebookId || !sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  return { notebookId, sha256 };
}

/** What Tideline uses of the BackgroundFetchManager (TypeScript's libs do not have it yet). */
interface BackgroundFetchManagerLike {
  fetch(
    id: string,
    requests: string[],
    options: {
      title: string;
      downloadTotal: number;
      icons: { src: string; sizes: string; type: string }[];
    },
  ): Promise<unknown>;
  get(id: string): Promise<unknown>;
}

function managerOf(registration: unknown): BackgroundFetchManagerLike | undefined {
  return (registration as { backgroundFetch?: BackgroundFetchManagerLike } | undefined)
    ?.backgroundFetch;
}

/** Whether this registration's browser downloads through Background Fetch. */
export function hasBackgroundFetch(registration: unknown): boolean {
  return managerOf(registration) !== undefined;
}

/**
 * Hands the large ones of `files` to Background Fetch; returns the SHA-256s handed over (running
 * already counts). What it does not hand over (small, refused, no Background Fetch) is left to
 * the caller's own fetch.
 */
export async function startBackgroundDownloads(
  registration: unknown,
  notebookId: string,
  files: readonly AttachmentRef[],
): Promise<Set<string>> {
  const handed = new Set<string>();
  const manager = managerOf(registration);
  if (!manager) return handed;
  for (const file of files) {
    if (file.size < BACKGROUND_FETCH_MIN_BYTES || handed.has(file.sha256)) continue;
    const id = backgroundFetchId(notebookId, file.sha256);
    try {
      if (!(await manager.get(id))) {
        await manager.fetch(id, [AttachmentPaths.content(notebookId, file.id)], {
          title: `Downloading “${file.name}” for offline use`,
          downloadTotal: file.size,
          icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
        });
      }
      handed.add(file.sha256);
    } catch {
      // Refused (no permission, storage, a duplicate id racing): fetch it the ordinary way.
    }
  }
  return handed;
}
