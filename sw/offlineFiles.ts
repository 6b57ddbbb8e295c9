// Notebooks kept offline ("keep this notebook's photos and files on this device") with no page
// open: after a background pull (push, periodic sync) brought teammates' new attachments, their
// files download here too, so they open offline later. A file is kept only once downloaded
// whole and checked against its SHA-256 (fetchAttachment.ts); one cut off by the browser ending
// the event is simply fetched again next time. Large files go to Background Fetch where the
// browser has it (backgroundFetch.ts keeps them), so they need not finish within this event.
import { browserAttachmentDeps } from '../src/attachments/AttachmentDeps';
import { startBackgroundDownloads } from '../src/attachments/backgroundFetchFiles';
import { keepNotebookFiles, missingNotebookFiles } from '../src/attachments/fetchAttachment';
import { keptOfflineNotebooks } from '../src/attachments/keepOffline';
import { getDb } from '../src/db/db';
import { sw } from './scope';

export async function keepOfflineFiles(): Promise<void> {
  const db = getDb();
  const deps = browserAttachmentDeps(db);
  for (const notebookId of await keptOfflineNotebooks(db)) {
    const handed = await startBackgroundDownloads(
      sw.registration,
      notebookId,
      await missingNotebookFiles(deps, notebookId),
    ).catch(() => new Set<string>());
    await keepNotebookFiles(deps, notebookId, { skip: handed }).catch(() => undefined);
  }
}
