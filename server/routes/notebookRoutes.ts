// Notebook members and invite links:
//
//   GET    /notebooks/:notebookId/members            any member
//   PATCH  /notebooks/:notebookId/members/:userId    owner: make a member editor or viewer
//   DELETE /notebooks/:notebookId/members/:userId    owner removes a member; a member leaves
//   POST   /notebooks/:notebookId/invites            owner: new invite link (token shown once)
//   GET    /notebooks/:notebookId/invites            owner
//   DELETE /notebooks/:notebookId/invites/:inviteId  owner: revoke
//   GET    /invites/:token                           signed in: what the link offers
//   POST   /invites/:token/accept                    signed in: join with the link's role
//
// Only the owner invites: an invite decides who reads the notebook, which is the owner's call.
// A non-member is told a notebook does not exist (404), whatever it asked. Membership changes
// are announced on the event bus after they commit; the notebooks themselves are made, renamed and
// deleted through sync mutations (syncRoutes.ts).
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { MembershipChange } from '../../src/protocol/events.js';
import {
  acceptInviteRequestSchema,
  changeRoleRequestSchema,
  createInviteRequestSchema,
  inviteParamsSchema,
  inviteTokenParamsSchema,
  inviteUrl,
  memberParamsSchema,
  notebookParamsSchema,
  type AcceptInviteResponse,
  type CreateInviteResponse,
  type InvitePreview,
  type InvitesResponse,
  type MemberResponse,
  type MembersResponse,
} from '../../src/protocol/notebooks.js';
import { authenticate } from '../auth/authenticate.js';
import type { EventBus } from '../events/EventBus.js';
import { acceptInvite } from '../notebooks/acceptInvite.js';
import { changeMemberRole } from '../notebooks/changeMemberRole.js';
import { createInvite } from '../notebooks/createInvite.js';
import { listInvites } from '../notebooks/listInvites.js';
import { listMembers } from '../notebooks/listMembers.js';
import { previewInvite } from '../notebooks/previewInvite.js';
import { removeMember } from '../notebooks/removeMember.js';
import { revokeInvite } from '../notebooks/revokeInvite.js';
import type { ApiContext } from './ApiContext.js';

/** Tells every instance (event stream, push) that a user's membership changed. */
async function announce(
  events: EventBus,
  log: FastifyBaseLogger,
  notebookId: string,
  userId: string,
  change: MembershipChange,
): Promise<void> {
  try {
    await events.publish({ type: 'membership', notebookId, userId, change });
  } catch (error) {
    // The change is committed; its poke is only a hint (the next pull shows it anyway).
    log.warn({ err: error, notebookId, change }, 'membership event not published');
  }
}

export const notebookRoutes: FastifyPluginAsync<ApiContext> = async (
  app,
  { database, config, events },
) => {
  const signedIn = (request: Parameters<typeof authenticate>[0]) =>
    authenticate(request, database, config.publicOrigin);

  app.get('/notebooks/:notebookId/members', async (request): Promise<MembersResponse> => {
    const { user } = await signedIn(request);
    const { notebookId } = notebookParamsSchema.parse(request.params);
    return { members: await listMembers(database, notebookId, user.id) };
  });

  app.patch('/notebooks/:notebookId/members/:userId', async (request): Promise<MemberResponse> => {
    const { user } = await signedIn(request);
    const { notebookId, userId } = memberParamsSchema.parse(request.params);
    const { role } = changeRoleRequestSchema.parse(request.body);
    const { member, changed } = await changeMemberRole(database, notebookId, user.id, userId, role);
    if (changed) {
      await announce(events, request.log, notebookId, userId, MembershipChange.RoleChanged);
    }
    return { member };
  });

  app.delete('/notebooks/:notebookId/members/:userId', async (request, reply) => {
    const { user } = await signedIn(request);
    const { notebookId, userId } = memberParamsSchema.parse(request.params);
    await removeMember(database, notebookId, user.id, userId);
    await announce(events, request.log, notebookId, userId, MembershipChange.Removed);
    reply.code(204);
  });

  app.post(
    '/notebooks/:notebookId/invites',
    async (request, reply): Promise<CreateInviteResponse> => {
      const { user } = await signedIn(request);
      const { notebookId } = notebookParamsSchema.parse(request.params);
      const body = createInviteRequestSchema.parse(request.body);
      const { invite, token } = await createInvite(database, notebookId, user.id, body);
      reply.code(201);
      return { invite, token, url: inviteUrl(token) };
    },
  );

  app.get('/notebooks/:notebookId/invites', async (request): Promise<InvitesResponse> => {
    const { user } = await signedIn(request);
    const { notebookId } = notebookParamsSchema.parse(request.params);
    return { invites: await listInvites(database, notebookId, user.id) };
  });

  app.delete('/notebooks/:notebookId/invites/:inviteId', async (request, reply) => {
    const { user } = await signedIn(request);
    const { notebookId, inviteId } = inviteParamsSchema.parse(request.params);
    await revokeInvite(database, notebookId, user.id, inviteId);
    reply.code(204);
  });

  app.get('/invites/:token', async (request): Promise<InvitePreview> => {
    const { user } = await signedIn(request);
    const { token } = inviteTokenParamsSchema.parse(request.params);
    return previewInvite(database, token, user.id);
  });

  app.post('/invites/:token/accept', async (request): Promise<AcceptInviteResponse> => {
    const { user } = await signedIn(request);
    const { token } = inviteTokenParamsSchema.parse(request.params);
    acceptInviteRequestSchema.parse(request.body);
    const result = await acceptInvite(database, token, user.id);
    if (result.joined) {
      await announce(events, request.log, result.notebookId, user.id, MembershipChange.Added);
    }
    return result;
  });
};
