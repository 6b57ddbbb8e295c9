// Purges tombstones (deleted entries) older than the configured horizon, with their history, and
// raises each notebook's `purged_through` to the highest version purged. A client whose cursor is
// below that horizon, taken before it moved, gets `resetRequired` on its next pull.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';

export interface PurgeResult {
  notebooks: number;
  tombstones: number;
}

export async function purgeTombstones(
  database: DatabaseHandle,
  olderThanMs: number,
  now: number = Date.now(),
): Promise<PurgeResult> {
  const cutoff = now - olderThanMs;
  const candidates = await database.db
    .selectFrom('entries')
    .select('notebook_id')
    .where('deleted', '=', 1)
    .where('updated_at', '<=', cutoff)
    .groupBy('notebook_id')
    .execute();
  let tombstones = 0;
  for (const { notebook_id: notebookId } of candidates) {
    tombstones += await database.db.transaction().execute(async (tx) => {
      // The notebook's row lock orders this purge with the pushes writing to it.
      const notebook = await tx
        .updateTable('notebooks')
        .set((eb) => ({ purged_through: eb.ref('purged_through') }))
        .where('id', '=', notebookId)
        .returning('purged_through')
        .executeTakeFirst();
      if (!notebook) return 0;
      const doomed = await tx
        .selectFrom('entries')
        .select(['id', 'version'])
        .where('notebook_id', '=', notebookId)
        .where('deleted', '=', 1)
        .where('updated_at', '<=', cutoff)
        .execute();
      if (doomed.length === 0) return 0;
      const ids = doomed.map((row) => row.id);
      const highest = Math.max(...doomed.map((row) => Number(row.version)));
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await tx.deleteFrom('entry_history').where('entry_id', 'in', chunk).execute();
        await tx.deleteFrom('entries').where('id', 'in', chunk).execute();
      }
      await tx
        .updateTable('notebooks')
        .set({ purged_through: Math.max(highest, Number(notebook.purged_through)) })
        .where('id', '=', notebookId)
        .execute();
      return doomed.length;
    });
  }
  return { notebooks: candidates.length, tombstones };
}
