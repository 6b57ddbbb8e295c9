// The owner makes an invite link. Its token is shown once, in this answer; only its SHA-256 is
// stored, so the link cannot be recovered from the database, only revoked.
import type { Invite, InviteSettings } from '../../src/protocol/notebooks.js';
import { InviteLimits } from '../../src/protocol/notebooks.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { hashToken, newId, newToken } from '../auth/tokens.js';
import { withRetry } from '../sync/withRetry.js';
import { requireOwner } from './memberAccess.js';
import { isUsable, toInvite } from './inviteRow.js';
import { tooManyInvites } from './notebookErrors.js';

export async function createInvite(
  database: DatabaseHandle,
  notebookId: string,
  actorId: string,
  settings: InviteSettings,
  now: number = Date.now(),
): Promise<{ invite: Invite; token: string }> {
  const token = newToken();
  return withRetry(database, () =>
    database.db.transaction().execute(async (tx) => {
      await requireOwner(tx, notebookId, actorId, 'invite people');
      const { active } = await tx
        .selectFrom('invites')
        .select((eb) => eb.fn.countAll<number | string>().as('active'))
        .where('notebook_id', '=', notebookId)
        .where(isUsable(now))
        .executeTakeFirstOrThrow();
      if (Number(active) >= InviteLimits.activePerNotebook) {
        throw tooManyInvites(InviteLimits.activePerNotebook);
      }
      const row = {
        id: newId(),
        token_hash: hashToken(token),
        notebook_id: notebookId,
        role: settings.role,
        created_by: actorId,
        created_at: now,
        expires_at: now + settings.expiresInHours * 60 * 60 * 1000,
        max_uses: settings.maxUses,
        uses: 0,
        revoked_at: null,
      };
      await tx.insertInto('invites').values(row).execute();
      return { invite: toInvite(row, now), token };
    }),
  );
}
