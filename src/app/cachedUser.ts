// The user cached on this device (`meta.auth`), read at start-up so the shell shows a signed-in
// person's notebooks from IndexedDB at once, before the sync engine has loaded. It is the app's
// first read of its storage, so it goes through the stall guard: a blocked database is reopened,
// then reported.
import { getDb, type AuthState } from '../db/db';
import { getMeta } from '../db/meta';
import { readWithStallGuard } from './storageStall';

export async function readCachedUser(): Promise<AuthState | undefined> {
  const db = getDb();
  const cached = await readWithStallGuard(db, () => getMeta(db, 'auth')).catch(() => undefined);
  return cached ?? undefined;
}
