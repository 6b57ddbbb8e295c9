// This browser profile's sync client id: made once (a random UUID) and kept in `meta`. Every
// context of the profile (page, worker, service worker) shares it, and with it the mutation
// counter, so their mutations form one gap-free sequence.
//
// Every sync run asks for it, so the usual answer is a read: a write transaction on `meta` is
// opened only the first time. A page torn down (or frozen in WebKit's back/forward cache) in the
// middle of a sync start must not leave a write transaction holding `meta` for the pages after it.
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
