// Alerts per notebook: the notebooks a session (one signed-in device) muted. enqueuePokes skips
// a subscription whose session muted the notebook; unmuting lets the next change through.
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { liveMemberships } from '../notebooks/liveMemberships.js';
import { requireMember } from '../notebooks/memberAccess.js';

export interface MuteOwner {
  userId: string;
  sessionId: string;
}

/** The live notebooks the session muted, among those its user is still a member of. */
export async function listMutedNotebooks(
  { db }: DatabaseHandle,
  owner: MuteOwner,
): Promise<string[]> {
  const rows = await liveMemberships(db, owner.userId)
    .innerJoin('push_muted_notebooks', 'push_muted_notebooks.notebook_id', 'notebooks.id')
    .select('push_muted_notebooks.notebook_id')
    .where('push_muted_notebooks.session_id', '=', owner.sessionId)
    .orderBy('push_muted_notebooks.notebook_id')
    .execute();
  return rows.map((row) => row.notebook_id);
}

/** Mutes (alerts off) or unmutes (alerts on) a notebook the user is a member of, else 404. */
export async function setNotebookAlerts(
  { db }: DatabaseHandle,
  owner: MuteOwner,
  notebookId: string,
  alerts: boolean,
  now = Date.now(),
): Promise<void> {
  await requireMember(db, notebookId, owner.userId);
  if (alerts) {
    await db
      .deleteFrom('push_muted_notebooks')
      .where('session_id', '=', owner.sessionId)
      .where('notebook_id', '=', notebookId)
      .execute();
    return;
  }
  await db
    .insertInto('push_muted_notebooks')
    .values({ session_id: owner.sessionId, notebook_id: notebookId, created_at: now })
    .onConflict((conflict) => conflict.columns(['session_id', 'notebook_id']).doNothing())
    .execute();
}
