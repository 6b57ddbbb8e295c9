// Creates imported entries in a notebook through the ordinary local write (putEntry), so each one
// is a validated entry.put in the outbox like any other change. Writes go in chunks, one Dexie
// transaction each (putEntry's own transaction joins the chunk's): a chunk is all-or-nothing,
// the page's lists update once per chunk rather than once per entry, and progress is reported
// between chunks.
import type { TidelineDB } from '../db/db';
import { putEntry } from '../sync/mutate';
import type { ExportedEntry } from './notebookExport';

export const IMPORT_CHUNK = 250;

export interface ImportProgress {
  done: number;
  total: number;
}

export async function writeImportedEntries(
  db: TidelineDB,
  notebookId: string,
  entries: readonly ExportedEntry[],
  options: { chunkSize?: number; onProgress?: (progress: ImportProgress) => void } = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? IMPORT_CHUNK;
  const total = entries.length;
  const tables = [db.outbox, db.meta, db.notebooks, db.entries, db.cursors];
  options.onProgress?.({ done: 0, total });
  for (let start = 0; start < total; start += chunkSize) {
    const chunk = entries.slice(start, start + chunkSize);
    await db.transaction('rw', tables, async () => {
      for (const { title, body, tags, done, location, track, due } of chunk) {
        await putEntry(db, notebookId, undefined, {
          title,
          body,
          tags,
          done,
          location,
          track,
          due,
        });
      }
    });
    options.onProgress?.({ done: start + chunk.length, total });
  }
  return total;
}
