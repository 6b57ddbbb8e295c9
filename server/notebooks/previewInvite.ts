// What an invite link offers the signed-in user, shown before they accept it.
import type { InvitePreview } from '../../src/protocol/notebooks.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { membershipRole } from './memberAccess.js';
import { usableInvite } from './usableInvite.js';

export async function previewInvite(
  { db }: DatabaseHandle,
  token: string,
  userId: string,
  now: number = Date.now(),
): Promise<InvitePreview> {
  const invite = await usableInvite(db, token, now);
  return {
    notebookId: invite.notebookId,
    notebookName: invite.notebookName,
    role: invite.role,
    invitedBy: invite.invitedBy,
    expiresAt: invite.expiresAt,
    alreadyMember: (await membershipRole(db, invite.notebookId, userId)) !== undefined,
  };
}
