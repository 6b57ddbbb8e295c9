// An entry's earlier versions, worked out from its current state and its history (the server
// keeps every overwritten value with the version that wrote it and the one that replaced it).
// Walking the history from the newest item back, undoing each overwrite in turn, gives the entry
// as it was before each change:
//
//   current ──undo overwrite @v9──▶ version before v9 ──undo @v7──▶ version before v7 …
//
// Items are grouped by the version that overwrote them (one save can change several fields).
import {
  ENTRY_FIELDS,
  type EntryField,
  type EntryFields,
  type HistoryItem,
} from '../protocol/entry';

export interface EarlierVersion {
  /** The version whose change replaced this one. */
  replacedAt: number;
  replacedBy: { id: string; name: string };
  /** When it was replaced (ms since the epoch). */
  replacedOn: number;
  /** The newest write this version holds, who made it, and when (undefined: not known from the
   *  history read so far). */
  version: number;
  author: { id: string; name: string };
  writtenOn: number | undefined;
  /** The entry's fields as they were. */
  fields: EntryFields;
  /** The fields the replacing change touched. */
  changed: EntryField[];
}

export interface CurrentState {
  fields: EntryFields;
  fieldVersions: Record<string, number>;
  /** Who wrote each field's current value (user id). */
  fieldAuthors: Record<string, string>;
  /** When the entry was created: the time of its first version. */
  createdAt: number;
}

/**
 * `items` newest first (as the server pages them). With `complete` false the oldest group may
 * be cut by the page boundary, so it is left out until the next page arrives.
 */
export function earlierVersions(
  current: CurrentState,
  items: readonly HistoryItem[],
  complete: boolean,
): EarlierVersion[] {
  const names = new Map<string, string>();
  for (const item of items) {
    names.set(item.author.id, item.author.name);
    names.set(item.overwrittenBy.id, item.overwrittenBy.name);
  }
  const fields: EntryFields = { ...current.fields };
  const versions: Record<string, number> = { ...current.fieldVersions };
  const authors: Record<string, string> = { ...current.fieldAuthors };
  const groups: HistoryItem[][] = [];
  for (const item of items) {
    const group = groups.at(-1);
    if (group && group[0]!.overwrittenAt === item.overwrittenAt) group.push(item);
    else groups.push([item]);
  }
  if (!complete) groups.pop();
  // A write's time is when the values it replaced were overwritten.
  const writtenAt = new Map(groups.map((group) => [group[0]!.overwrittenAt, group[0]!.createdAt]));
  const result: EarlierVersion[] = [];
  for (const group of groups) {
    const first = group[0]!;
    for (const item of group) {
      Object.assign(fields, { [item.field]: item.value });
      versions[item.field] = item.version;
      authors[item.field] = item.author.id;
    }
    let newest: EntryField = ENTRY_FIELDS[0];
    for (const field of ENTRY_FIELDS) {
      if ((versions[field] ?? 0) > (versions[newest] ?? 0)) newest = field;
    }
    const authorId = authors[newest] ?? '';
    result.push({
      replacedAt: first.overwrittenAt,
      replacedBy: first.overwrittenBy,
      replacedOn: first.createdAt,
      version: versions[newest] ?? 0,
      author: { id: authorId, name: names.get(authorId) ?? 'A teammate' },
      writtenOn: writtenAt.get(versions[newest] ?? 0),
      fields: { ...fields },
      changed: group.map((item) => item.field),
    });
  }
  // The oldest version of a complete history is the entry as first written.
  const oldest = result.at(-1);
  if (complete && oldest && oldest.writtenOn === undefined) oldest.writtenOn = current.createdAt;
  return result;
}
