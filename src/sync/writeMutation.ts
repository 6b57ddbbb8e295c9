// Local writes: the only way the UI changes data (the named writes are in mutate.ts). Each one
// validates its arguments with the protocol's schemas, then in ONE Dexie transaction takes the
// next mutation id (1, 2, 3… with no gaps), appends the mutation to the outbox and applies it to
// the local view of its entity. A refused or failed write leaves nothing behind: no outbox row,
// no change, no id used up.
//
// Each write is announced in-memory as it starts and again as its transaction ends
// (LocalWrites.ts), so the page's lists can show it in the next frame rather than after the
// transaction and their reads of it. A write inside a caller's transaction (an import chunk) is
// not announced: it is not done until that transaction is. A dead letter's retry is announced
// around its own transaction.
//
// The page's sync engine hears each committed write from the same announcement and pushes soon
// (src/app/sync.ts); a context with no listener (the sync worker) syncs after its own writes.
import Dexie from 'dexie';
import {
  MutationName,
  isMutationName,
  parseMutationArgs,
  type MutationArgs,
  type NamedMutation,
} from '../protocol/mutations';
import type { EntryState, NotebookRow, OutboxRow, TidelineDB } from '../db/db';
import { currentUserId, getMeta, setMeta } from '../db/meta';
import { applyToEntry, applyToNotebook, mutationTarget } from './applyMutation';
import { LocalWriteError, LocalWriteErrorCode } from './errors';
import { WriteStatus, localWrites, type LocalWrite } from './LocalWrites';
import { prepareMutation } from './prepareMutation';
import { entryBaseOf, entryStateOf } from './entryRow';
import { notebookBaseOf, notebookStateOf, rebaseEntry, writeEntry } from './localView';
import { coalescibleRow, mergePuts } from './coalesceEntryPut';

export interface WriteOptions {
  /** The time stamped on the mutation and the entity (default Date.now()). */
  now?: number;
}

/** How an editor that saves as the person types writes an entry. */
export interface PutOptions extends WriteOptions {
  /** Merge into the entry's unsent put, if there is one (coalesceEntryPut.ts). */
  coalesce?: boolean;
  /** The server version the person started from (default: the last one this device saw). */
  baseVersion?: number;
  /** The id for a new entry (default: a fresh UUIDv7). */
  newId?: string;
}

interface Issue {
  path: PropertyKey[];
  message: string;
}

function invalid(name: string, issues: readonly Issue[]): LocalWriteError {
  const described = issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = described[0];
  const where = first?.path ? `${first.path.replace(/^fields\./, '')}: ` : '';
  return new LocalWriteError(
    LocalWriteErrorCode.InvalidArgs,
    `Cannot save: ${where}${first?.message ?? `invalid ${name}`}.`,
    described,
  );
}

function validate(name: MutationName, args: unknown): NamedMutation {
  const parsed = parseMutationArgs(name, args);
  if (!parsed.success) throw invalid(name, parsed.error.issues);
  return parsed.mutation;
}

/** The tables every local write touches. */
function writeTables(db: TidelineDB) {
  return [db.outbox, db.meta, db.notebooks, db.entries, db.cursors];
}

/** Applies a just-recorded outbox row to its entity's local view. `seed`: the entry as it was
 *  when deleted, for a restore of one this device no longer holds (restoreEntry). */
async function applyLocally(
  db: TidelineDB,
  row: OutboxRow,
  me: string,
  seed?: EntryState,
): Promise<void> {
  if (row.name.startsWith('notebook.')) {
    const previous = await db.notebooks.get(row.entityId);
    const base = notebookBaseOf(previous);
    const view = applyToNotebook(previous ? notebookStateOf(previous) : null, row, me);
    if (!view) return;
    const next: NotebookRow = {
      ...view,
      id: row.entityId,
      unread: previous?.unread ?? 0,
      pending: (previous?.pending ?? 0) + 1,
      base,
    };
    await db.notebooks.put(next);
    return;
  }
  const previous = await db.entries.get(row.entityId);
  const tombstone = !previous && seed ? { ...seed, deleted: true } : null;
  await writeEntry(db, row.entityId, previous, {
    view: applyToEntry(previous ? entryStateOf(previous) : tombstone, row, me),
    base: previous ? entryBaseOf(previous) : tombstone,
    pending: (previous?.pending ?? 0) + 1,
    unread: previous?.unread ?? false,
  });
}

/**
 * An entry.put's base version as the caller gives it, and its merge into the entry's unsent put
 * when asked (inside writeMutation's transaction). Returns the merged row, or undefined when the
 * put goes in as a row of its own.
 */
async function putOptions(
  db: TidelineDB,
  put: MutationArgs<'entry.put'>,
  options: Pick<PutOptions, 'coalesce' | 'baseVersion'>,
  now: number,
): Promise<OutboxRow | undefined> {
  if (options.baseVersion !== undefined) put.baseVersion = options.baseVersion;
  if (!options.coalesce) return undefined;
  const row = await coalescibleRow(db, put.id);
  if (!row) return undefined;
  const merged: OutboxRow = {
    ...row,
    args: mergePuts(row.args, put),
    createdAt: now,
  };
  await db.outbox.put(merged);
  const previous = await db.entries.get(put.id);
  await rebaseEntry(db, put.id, entryBaseOf(previous), await currentUserId(db), { previous });
  return merged;
}

/**
 * Records one mutation and its local effect atomically. Returns the outbox row, or null when
 * the write would change nothing (an entry.put whose fields already hold those values).
 */
export async function writeMutation<N extends MutationName>(
  db: TidelineDB,
  name: N,
  rawArgs: unknown,
  options: WriteOptions & Pick<PutOptions, 'coalesce' | 'baseVersion'> & { seed?: EntryState } = {},
  /** The entity's id was made up for this write: nothing is stored under it yet. */
  creates = false,
): Promise<OutboxRow | null> {
  const mutation = validate(name, rawArgs);
  const now = options.now ?? Date.now();
  return announced(mutation, now, creates, () =>
    db.transaction('rw', writeTables(db), async () => {
      const prepared = await prepareMutation(db, mutation);
      if (prepared === null) return null;
      if (prepared.name === MutationName.EntryPut) {
        const merged = await putOptions(db, prepared.args, options, now);
        if (merged) return merged;
      }
      const mutationId = (await getMeta(db, 'nextMutationId')) ?? 1;
      await setMeta(db, 'nextMutationId', mutationId + 1);
      const row: OutboxRow = {
        mutationId,
        ...prepared,
        ...mutationTarget(prepared),
        createdAt: now,
      };
      row.seq = await db.outbox.add(row);
      await applyLocally(db, row, await currentUserId(db), options.seed);
      return row;
    }),
  );
}

/**
 * Runs `write`, announced to this context's listeners (LocalWrites.ts) as it starts and as it
 * ends — unless it runs inside a caller's transaction, which is not done when `write` is.
 */
async function announced(
  mutation: NamedMutation,
  createdAt: number,
  creates: boolean,
  write: () => Promise<OutboxRow | null>,
): Promise<OutboxRow | null> {
  const announcement: LocalWrite | undefined = Dexie.currentTransaction
    ? undefined
    : localWrites.begin({ ...mutation, ...mutationTarget(mutation), createdAt, creates });
  try {
    const written = await write();
    if (announcement) {
      localWrites.settle(announcement, written ? WriteStatus.Committed : WriteStatus.Unchanged);
    }
    return written;
  } catch (error) {
    if (announcement) localWrites.settle(announcement, WriteStatus.Failed);
    throw error;
  }
}

/**
 * Sends a rejected mutation again as a new one (same change, the current baseVersion) and
 * removes it from the dead letters, in one transaction.
 */
export async function retryDeadLetter(
  db: TidelineDB,
  deadLetterId: number,
  options: WriteOptions = {},
): Promise<void> {
  const letter = await db.deadLetters.get(deadLetterId);
  if (!letter) return;
  if (letter.args === null || !isMutationName(letter.name)) {
    throw new LocalWriteError(
      LocalWriteErrorCode.InvalidArgs,
      'This change cannot be sent again; discard it instead.',
    );
  }
  const mutation = validate(letter.name, letter.args);
  const now = options.now ?? Date.now();
  await announced(mutation, now, false, () =>
    db.transaction('rw', [...writeTables(db), db.deadLetters], async () => {
      // Sent again or discarded meanwhile (another tab): nothing to do.
      if (!(await db.deadLetters.get(deadLetterId))) return null;
      const row = await writeMutation(db, mutation.name, mutation.args, { ...options, now });
      await db.deadLetters.delete(deadLetterId);
      return row;
    }),
  );
}
