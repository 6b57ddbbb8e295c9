// Who may see a notebook: its members and invite links (REST, docs/api.md "Notebooks, members and
// invites"). These calls need the server — membership is the server's decision, not a local
// write — so they fail with an ApiRequestError (code `offline` without a connection).
import {
  acceptInviteResponseSchema,
  createInviteResponseSchema,
  invitePreviewSchema,
  invitesResponseSchema,
  memberResponseSchema,
  membersResponseSchema,
  type AcceptInviteResponse,
  type ChangeRoleRequest,
  type CreateInviteRequest,
  type CreateInviteResponse,
  type Invite,
  type InvitePreview,
  type Member,
  inviteUrl,
} from '../protocol/notebooks';
import type { GrantableRole } from '../protocol/roles';
import { apiRequest } from './api';

const notebookPath = (notebookId: string) => `/notebooks/${encodeURIComponent(notebookId)}`;

export async function listMembers(notebookId: string): Promise<Member[]> {
  const { members } = await apiRequest('GET', `${notebookPath(notebookId)}/members`, {
    schema: membersResponseSchema,
  });
  return members;
}

export async function changeMemberRole(
  notebookId: string,
  userId: string,
  role: GrantableRole,
): Promise<Member> {
  const { member } = await apiRequest(
    'PATCH',
    `${notebookPath(notebookId)}/members/${encodeURIComponent(userId)}`,
    { body: { role } satisfies ChangeRoleRequest, schema: memberResponseSchema },
  );
  return member;
}

/** The owner removes a member, or a member removes themselves (leaves). */
export async function removeMember(notebookId: string, userId: string): Promise<void> {
  await apiRequest('DELETE', `${notebookPath(notebookId)}/members/${encodeURIComponent(userId)}`);
}

export async function listInvites(notebookId: string): Promise<Invite[]> {
  const { invites } = await apiRequest('GET', `${notebookPath(notebookId)}/invites`, {
    schema: invitesResponseSchema,
  });
  return invites;
}

/** A new invite link; its token is shown this once (the server keeps only a hash). */
export function createInvite(
  notebookId: string,
  role: GrantableRole,
): Promise<CreateInviteResponse> {
  return apiRequest('POST', `${notebookPath(notebookId)}/invites`, {
    body: { role } satisfies CreateInviteRequest,
    schema: createInviteResponseSchema,
  });
}

export async function revokeInvite(notebookId: string, inviteId: string): Promise<void> {
  await apiRequest('DELETE', `${notebookPath(notebookId)}/invites/${encodeURIComponent(inviteId)}`);
}

export function previewInvite(token: string): Promise<InvitePreview> {
  return apiRequest('GET', `/invites/${encodeURIComponent(token)}`, {
    schema: invitePreviewSchema,
  });
}

export function acceptInvite(token: string): Promise<AcceptInviteResponse> {
  return apiRequest('POST', `/invites/${encodeURIComponent(token)}/accept`, {
    body: {},
    schema: acceptInviteResponseSchema,
  });
}

/** The full link to share: this app's origin and `/join/<token>`. */
export function inviteLink(token: string): string {
  return `${location.origin}${inviteUrl(token)}`;
}
