// What a notebook's files take and how many are on this device, for the "keep files on this
// device" switch (components/tl-notebook-files.ts). Reads every entry of the notebook, so it runs
// in the sync worker: a notebook of 100,000 entries is not read on the page.
import type { AttachmentDeps } from './AttachmentDeps';

export interface NotebookFilesFacts {
  /** Stored (uploaded) files of the notebook, once per content. */
  files: number;
  bytes: number;
  /** Of those, on this device. */
  here: number;
  hereBytes: number;
}

export async function notebookFilesFacts(
  deps: AttachmentDeps,
  notebookId: string,
): Promise<NotebookFilesFacts> {
  const sizes = new Map<string, number>();
  await deps.db.entries
    .where('notebookId')
    .equals(notebookId)
    .each((entry) => {
      for (const attachment of entry.attachments ?? []) {
        if (attachment.stored) sizes.set(attachment.sha256, attachment.size);
      }
    });
  const present = (await deps.db.files.bulkGet([...sizes.keys()])).filter((row) => !!row);
  return {
    files: sizes.size,
    bytes: [...sizes.values()].reduce((sum, size) => sum + size, 0),
    here: present.length,
    hereBytes: present.reduce((sum, row) => sum + row.size, 0),
  };
}
