// An invites row as its owner sees it, with its status worked out at `now`, and the condition
// that makes an invite usable (the same in SQL, for counting and for taking a use atomically).
import type { ExpressionBuilder, Selectable } from 'kysely';
import { InviteStatus, type Invite } from '../../src/protocol/notebooks.js';
import type { Database, InvitesTable } from '../db/schema.js';

export function inviteStatus(row: Selectable<InvitesTable>, now: number): InviteStatus {
  if (row.revoked_at !== null) return InviteStatus.Revoked;
  if (Number(row.expires_at) <= now) return InviteStatus.Expired;
  if (Number(row.uses) >= Number(row.max_uses)) return InviteStatus.UsedUp;
  return InviteStatus.Active;
}

export function toInvite(row: Selectable<InvitesTable>, now: number): Invite {
  return {
    id: row.id,
    role: row.role,
    status: inviteStatus(row, now),
    expiresAt: Number(row.expires_at),
    maxUses: Number(row.max_uses),
    uses: Number(row.uses),
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

/** Not revoked, not expired at `now`, not used up. */
export function isUsable(now: number) {
  return (eb: ExpressionBuilder<Database, 'invites'>) =>
    eb.and([
      eb('invites.revoked_at', 'is', null),
      eb('invites.expires_at', '>', now),
      eb('invites.uses', '<', eb.ref('invites.max_uses')),
    ]);
}
