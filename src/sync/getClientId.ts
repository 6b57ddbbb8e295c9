// This browser profile's sync client id: made once (a random UUID) and kept in `meta`. Every
// context of the profile (page, worker, service worker) shares it, and with it the mutation
// counter, so their mutations form one gap-free sequence.
import type { TidelineDB } from '../db/db';
import { getMeta, setMeta } from '../db/meta';
import { randomUuid } from './uuid';

export async function getClientId(db: TidelineDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta(db, 'clientId');
    if (existing) return existing;
    const clientId = randomUuid();
    await setMeta(db, 'clientId', clientId);
    return clientId;
  });
}
