// The words of a change notification: who changed what in which notebook, from the entries a
// pull brought in ("Ana added 3 entries to Trail survey", "Ana changed “Water levels” in Trail
// survey"); and of the quiet notification a push shows when it has nothing to tell. Pure, so
// push and periodic sync word things the same way and tests can pin it down.
import type { PushPoke } from '../src/protocol/push';
import { formatDuration } from '../src/format/formatDuration';
import { errorCode, SyncErrorCode } from '../src/sync/errors';

/** One entry a teammate added or changed, as pulled. */
export interface TeammateChange {
  entryId: string;
  title: string;
  /** Added since this device last pulled (rather than changed). */
  created: boolean;
  /** The teammate's user id (the entry's `updatedBy`). */
  by: string;
  /** The length of a voice memo the teammate added to it in this change, if they did. */
  memoMs?: number;
}

export interface NotebookChanges {
  notebookId: string;
  notebookName: string;
  changes: TeammateChange[];
}

export interface ChangeAlert {
  title: string;
  body: string;
  /** One notification per notebook: a newer one replaces it. */
  tag: string;
  /** The entry when there is one, else the notebook. */
  url: string;
}

/** The tag of a notebook's change notification. */
export function notebookAlertTag(notebookId: string): string {
  return `notebook-${notebookId}`;
}

const TITLE_MAX = 60;

function quoteTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '') return 'an untitled entry';
  return `“${trimmed.length > TITLE_MAX ? `${trimmed.slice(0, TITLE_MAX - 1)}…` : trimmed}”`;
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

/** "Ana", "Ana and Ben", "Ana and 2 others", "A teammate", "3 teammates". */
export function describeAuthors(
  ids: readonly string[],
  nameOf: (id: string) => string | undefined,
): string {
  const unique = [...new Set(ids)];
  const named = unique.flatMap((id) => {
    const name = nameOf(id)?.trim();
    return name ? [name] : [];
  });
  const first = named[0];
  if (first === undefined) return unique.length <= 1 ? 'A teammate' : `${unique.length} teammates`;
  if (unique.length === 1) return first;
  if (unique.length === 2) return `${first} and ${named[1] ?? 'a teammate'}`;
  return `${first} and ${unique.length - 1} others`;
}

/**
 * Words a notebook's changes; undefined when there is nothing to tell. `nameOf` maps a user id to
 * the teammate's name (members, or the push poke's `by`), undefined when unknown.
 */
export function describeChanges(
  notebook: NotebookChanges,
  nameOf: (userId: string) => string | undefined,
): ChangeAlert | undefined {
  const { changes, notebookId, notebookName } = notebook;
  if (changes.length === 0) return undefined;
  const who = describeAuthors(
    changes.map((change) => change.by),
    nameOf,
  );
  const added = changes.filter((change) => change.created);
  const changed = changes.filter((change) => !change.created);
  const name = notebookName.trim() || 'a notebook';
  const memo = changes.length === 1 ? changes[0]!.memoMs : undefined;
  let what: string;
  if (memo !== undefined) {
    what = `added a voice memo (${formatDuration(memo)}) to ${name}`;
  } else if (changed.length === 0) {
    what = `added ${added.length === 1 ? quoteTitle(added[0]!.title) : entries(added.length)} to ${name}`;
  } else if (added.length === 0) {
    what = `changed ${changed.length === 1 ? quoteTitle(changed[0]!.title) : entries(changed.length)} in ${name}`;
  } else {
    what = `added ${entries(added.length)} and changed ${changed.length} in ${name}`;
  }
  const only = changes.length === 1 ? changes[0] : undefined;
  return {
    title: name,
    body: `${who} ${what}`,
    tag: notebookAlertTag(notebookId),
    url: only ? `/notebooks/${notebookId}/entries/${only.entryId}` : `/notebooks/${notebookId}`,
  };
}

/** The words of the quiet notification, from why there was nothing to tell. */
export function quietAlertBody(failure: unknown, poke?: PushPoke): string {
  if (failure === undefined) return 'Up to date: nothing new from your teammates.';
  const told = poke?.by && poke.notebookName ? `${poke.by} changed ${poke.notebookName}. ` : '';
  switch (errorCode(failure)) {
    case SyncErrorCode.Offline:
      return `${told}Tideline could not reach the server; it will catch up when you open it.`;
    case SyncErrorCode.AuthRequired:
      return `${told}Sign in to Tideline again to receive your teammates’ changes.`;
    default:
      return `${told}Tideline could not check for changes just now; it will try again later.`;
  }
}
