// Members and invite links of a notebook (REST, under /api/notebooks/:notebookId and
// /api/invites/:token). The notebook itself is created, renamed and deleted by sync mutations;
// these calls manage who may see it. Only the owner manages members and invites; anyone may leave.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { uuidSchema } from './ids.js';
import { grantableRoleSchema, roleSchema } from './roles.js';

/** Codes of the failures these calls answer with, beyond the shared ones in errorBody.ts. */
export const NotebookErrorCode = {
  /** No live notebook with that id has the caller as a member (existence is not revealed). */
  notebookNotFound: 'notebook-not-found',
  /** The caller is a member but only the owner may do this. */
  ownerOnly: 'owner-only',
  memberNotFound: 'member-not-found',
  inviteNotFound: 'invite-not-found',
  /** The owner's role is fixed, and the owner cannot leave: transfer or delete the notebook. */
  ownerIsFixed: 'owner-is-fixed',
  tooManyInvites: 'too-many-invites',
  /** The invite link is unknown, expired, revoked or used up, or its notebook was deleted. */
  inviteInvalid: 'invite-invalid',
} as const;
export type NotebookErrorCode = (typeof NotebookErrorCode)[keyof typeof NotebookErrorCode];

export const InviteLimits = {
  /** Hours an invite link stays usable: at least 1, at most 30 days, a week by default. */
  expiresInHoursMin: 1,
  expiresInHoursMax: 720,
  expiresInHoursDefault: 168,
  /** People one link can let in. */
  maxUsesMin: 1,
  maxUsesMax: 1000,
  maxUsesDefault: 10,
  /** Usable (not revoked, expired or used up) invites one notebook may have at once. */
  activePerNotebook: 100,
  /** Invites `GET …/invites` lists, newest first. */
  listed: 200,
} as const;

/** An invite token as it appears in a `/join/<token>` link (32 random bytes, base64url). */
export const inviteTokenSchema = z
  .string()
  .min(1, 'the invite link has no token')
  .max(128, 'that invite token is too long');

export const notebookParamsSchema = z.object({ notebookId: uuidSchema }).strict();
export const memberParamsSchema = z.object({ notebookId: uuidSchema, userId: uuidSchema }).strict();
export const inviteParamsSchema = z
  .object({ notebookId: uuidSchema, inviteId: uuidSchema })
  .strict();
export const inviteTokenParamsSchema = z.object({ token: inviteTokenSchema }).strict();

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  joinedAt: z.number(),
});
export type Member = z.infer<typeof memberSchema>;

/** `GET /api/notebooks/:notebookId/members`: owner first, then by join time. */
export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
export type MembersResponse = z.infer<typeof membersResponseSchema>;

/** `PATCH /api/notebooks/:notebookId/members/:userId`. Ownership cannot be given this way. */
export const changeRoleRequestSchema = z.object({ role: grantableRoleSchema }).strict();
export type ChangeRoleRequest = z.infer<typeof changeRoleRequestSchema>;

export const memberResponseSchema = z.object({ member: memberSchema });
export type MemberResponse = z.infer<typeof memberResponseSchema>;

export const createInviteRequestSchema = z
  .object({
    role: grantableRoleSchema,
    expiresInHours: z
      .number()
      .int('expiresInHours must be a whole number')
      .min(InviteLimits.expiresInHoursMin, 'an invite must last at least 1 hour')
      .max(InviteLimits.expiresInHoursMax, 'an invite can last at most 720 hours (30 days)')
      .default(InviteLimits.expiresInHoursDefault),
    maxUses: z
      .number()
      .int('maxUses must be a whole number')
      .min(InviteLimits.maxUsesMin, 'an invite must allow at least 1 use')
      .max(InviteLimits.maxUsesMax, `an invite can allow at most ${InviteLimits.maxUsesMax} uses`)
      .default(InviteLimits.maxUsesDefault),
  })
  .strict();
/** What a client sends (limits and uses may be left out)… */
export type CreateInviteRequest = z.input<typeof createInviteRequestSchema>;
/** …and what the server works with once the defaults are filled in. */
export type InviteSettings = z.output<typeof createInviteRequestSchema>;

export const InviteStatus = {
  Active: 'active',
  Expired: 'expired',
  UsedUp: 'used-up',
  Revoked: 'revoked',
} as const;
export type InviteStatus = (typeof InviteStatus)[keyof typeof InviteStatus];

/** An invite as its notebook's owner sees it; the token itself is shown once, at creation. */
export const inviteSchema = z.object({
  id: uuidSchema,
  role: grantableRoleSchema,
  status: z.enum([
    InviteStatus.Active,
    InviteStatus.Expired,
    InviteStatus.UsedUp,
    InviteStatus.Revoked,
  ]),
  expiresAt: z.number(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type Invite = z.infer<typeof inviteSchema>;

/** `POST /api/notebooks/:notebookId/invites` (201). `url` is the app's path to share. */
export const createInviteResponseSchema = z.object({
  invite: inviteSchema,
  token: z.string(),
  url: z.string(),
});
export type CreateInviteResponse = z.infer<typeof createInviteResponseSchema>;

export const invitesResponseSchema = z.object({ invites: z.array(inviteSchema) });
export type InvitesResponse = z.infer<typeof invitesResponseSchema>;

/** `GET /api/invites/:token`: what accepting would do, shown before the user joins. */
export const invitePreviewSchema = z.object({
  notebookId: uuidSchema,
  notebookName: z.string(),
  role: grantableRoleSchema,
  invitedBy: z.string(),
  expiresAt: z.number(),
  /** The signed-in user already belongs to the notebook; accepting changes nothing. */
  alreadyMember: z.boolean(),
});
export type InvitePreview = z.infer<typeof invitePreviewSchema>;

/** `POST /api/invites/:token/accept` takes no body (or `{}`). */
export const acceptInviteRequestSchema = z.object({}).strict().optional();

/** The user's role in the notebook after accepting; `joined` is false when they were already in. */
export const acceptInviteResponseSchema = z.object({
  notebookId: uuidSchema,
  role: roleSchema,
  joined: z.boolean(),
});
export type AcceptInviteResponse = z.infer<typeof acceptInviteResponseSchema>;

export function inviteUrl(token: string): string {
  return `/join/${token}`;
}
