// What a background pull brought in from teammates, per notebook, for the notifications.
//
// Before the pull, `cursorVersions` notes each notebook's cursor; afterwards the entries with a
// higher version were pulled in this run. `teammateChanges` finds them without reading the whole
// notebook: it walks the notebook's entries newest-updated first and stops a margin below the
// newest entry it already had (the server stamps `updatedAt` as it assigns versions, so a newer
// version can only sit a little below an older one, when two writes overlapped). Entries the
// user wrote, tombstones, and notebooks seen for the first time (a first download is not news)
// are left out. An entry counts as added when every field was written after the old cursor —
// the server stamps all of an entry's fields when it creates it.
import Dexie from 'dexie';
import type { EntryRow, TidelineDB } from '../src/db/db';
import type { NotebookChanges, TeammateChange } from './describeChanges';

/** How far below the newest already-known entry the walk keeps looking. */
const OVERLAP_MS = 10 * 60_000;

/** notebookId → the version its cursor stood at. */
export type CursorVersions = ReadonlyMap<string, number>;

export async function cursorVersions(db: TidelineDB): Promise<CursorVersions> {
  const rows = await db.cursors.toArray();
  return new Map(rows.map((row) => [row.notebookId, row.version]));
}

/** The length of the newest voice memo a teammate added to the entry after `since`. */
function addedMemoMs(entry: EntryRow, since: number, me: string): number | undefined {
  const memos = (entry.attachments ?? []).filter(
    (attachment) =>
      attachment.type.startsWith('audio/') &&
      attachment.version > since &&
      attachment.createdBy !== me,
  );
  const newest = memos.at(-1);
  return newest ? (newest.durationMs ?? 0) : undefined;
}

function isAdded(entry: EntryRow, since: number): boolean {
  const versions = Object.values(entry.fieldVersions);
  return versions.length > 0 && versions.every((version) => version > since);
}

async function notebookChanges(
  db: TidelineDB,
  notebookId: string,
  since: number,
  me: string,
): Promise<TeammateChange[]> {
  const changes: TeammateChange[] = [];
  let stopBelow: number | undefined;
  await db.entries
    .where('[notebookId+updatedAt]')
    .between([notebookId, Dexie.minKey], [notebookId, Dexie.maxKey])
    .reverse()
    .until((entry) => stopBelow !== undefined && entry.updatedAt < stopBelow)
    .each((entry) => {
      if (entry.version > since) {
        if (!entry.deleted && entry.updatedBy !== '' && entry.updatedBy !== me) {
          const memoMs = addedMemoMs(entry, since, me);
          changes.push({
            entryId: entry.id,
            title: entry.title,
            created: isAdded(entry, since),
            by: entry.updatedBy,
            ...(memoMs !== undefined && { memoMs }),
          });
        }
      } else if (entry.pending === 0 && stopBelow === undefined) {
        stopBelow = entry.updatedAt - OVERLAP_MS;
      }
    });
  return changes;
}

/** Teammates' new and changed entries since `before`, one item per notebook that has any. */
export async function teammateChanges(
  db: TidelineDB,
  before: CursorVersions,
  me: string,
): Promise<NotebookChanges[]> {
  const after = await cursorVersions(db);
  const result: NotebookChanges[] = [];
  for (const [notebookId, version] of after) {
    const since = before.get(notebookId) ?? 0;
    if (since === 0 || version <= since) continue;
    const notebook = await db.notebooks.get(notebookId);
    if (!notebook || notebook.deleted) continue;
    const changes = await notebookChanges(db, notebookId, since, me);
    if (changes.length > 0) result.push({ notebookId, notebookName: notebook.name, changes });
  }
  return result;
}
