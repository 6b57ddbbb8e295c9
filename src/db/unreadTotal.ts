// How many entries are unread on this device, across notebooks: the number on the app badge.
import type { TidelineDB } from './db';

export async function unreadTotal(db: TidelineDB): Promise<number> {
  const notebooks = await db.notebooks.toArray();
  return notebooks.reduce((sum, notebook) => (notebook.deleted ? sum : sum + notebook.unread), 0);
}
