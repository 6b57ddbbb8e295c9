// Each notebook's "keep its files on this device" choice (`notebookFiles`, Dexie version 3). On:
// every stored file of the notebook is downloaded and kept (keepNotebookFiles in
// fetchAttachment.ts, run when the switch is turned on and after each sync); off: clean-up may
// drop the downloaded copies again (collectFiles.ts). Either way a file attached on this device
// stays until it is uploaded.
import type { TidelineDB } from '../db/db';

export async function setKeepOffline(
  db: TidelineDB,
  notebookId: string,
  keepOffline: boolean,
): Promise<void> {
  await db.notebookFiles.put({ notebookId, keepOffline });
}

export async function isKeptOffline(db: TidelineDB, notebookId: string): Promise<boolean> {
  return (await db.notebookFiles.get(notebookId))?.keepOffline ?? false;
}

/** The notebooks whose files this device keeps. */
export async function keptOfflineNotebooks(db: TidelineDB): Promise<Set<string>> {
  const rows = await db.notebookFiles.toArray();
  return new Set(rows.filter((row) => row.keepOffline).map((row) => row.notebookId));
}
