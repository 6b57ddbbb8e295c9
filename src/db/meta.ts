// Typed reads and writes of the `meta` key-value table (client id, mutation counter, last sync,
// who is signed in). Inside a transaction that includes `meta` they join it.
import type { TidelineDB } from './db';
import type { AuthState, MetaKey, MetaRow, MetaValues } from './entities';

export async function getMeta<K extends MetaKey>(
  db: TidelineDB,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(
  db: TidelineDB,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await db.meta.put({ key, value } as MetaRow);
}

/** Records who is signed in (or null after sign-out); sync uses it to tell "mine" from "theirs". */
export async function setAuth(db: TidelineDB, auth: AuthState | null): Promise<void> {
  await setMeta(db, 'auth', auth);
}

/** The signed-in user's id, or '' when unknown. */
export async function currentUserId(db: TidelineDB): Promise<string> {
  return (await getMeta(db, 'auth'))?.userId ?? '';
}
