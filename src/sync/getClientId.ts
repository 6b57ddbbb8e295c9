// This browser profile's sync client id: made once (a random UUID) and kept in `meta`. Every
// context of the profile (page, worker, service worker) shares it, and with it the mutation
// counter, so their mutations form one gap-free sequence.
//
// Every sync run asks for it, so the usual answer is a read: a write transaction on `meta` is
// opened only the first time, and a page torn down in the middle of a sync start has no write
// transaction of this function's to leave holding `meta`.
import type { TidelineDB } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import { randomUuid } from './uuid';

export async function getClientId(db: TidelineDB): Promise<string> {
  const known = await getMeta(db, 'clientId');
  if (known) return known;
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta(db, 'clientId');
    if (existing) return existing;
    const clientId = randomUuid();
    await setMeta(db, 'clientId', clientId);
    return clientId;
  });
}
