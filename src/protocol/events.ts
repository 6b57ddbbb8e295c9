// What `GET /api/events` (Server-Sent Events) tells an open app.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { uuidSchema, versionSchema } from './ids.js';

/** A notebook moved to `version`; pull if your cursor is behind it. */
export const pokeEventSchema = z.object({ notebookId: uuidSchema, version: versionSchema });
export type PokeEvent = z.infer<typeof pokeEventSchema>;

export const MembershipChange = {
  Added: 'added',
  Removed: 'removed',
  RoleChanged: 'role-changed',
  NotebookDeleted: 'notebook-deleted',
} as const;
export type MembershipChange = (typeof MembershipChange)[keyof typeof MembershipChange];

/** The signed-in user's membership of a notebook changed; pull to see the notebook list. */
export const membershipEventSchema = z.object({
  notebookId: uuidSchema,
  change: z.enum([
    MembershipChange.Added,
    MembershipChange.Removed,
    MembershipChange.RoleChanged,
    MembershipChange.NotebookDeleted,
  ]),
});
export type MembershipEvent = z.infer<typeof membershipEventSchema>;

/** SSE event names. */
export const EventName = {
  Poke: 'poke',
  Membership: 'membership',
  Heartbeat: 'heartbeat',
} as const;
