// Notebook roles: an owner manages the notebook and its members, an editor writes entries,
// a viewer reads.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';

export const Role = { Owner: 'owner', Editor: 'editor', Viewer: 'viewer' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const roleSchema = z.enum([Role.Owner, Role.Editor, Role.Viewer]);

/** Roles that may be given to someone else (ownership is not transferable by invite). */
export const grantableRoleSchema = z.enum([Role.Editor, Role.Viewer]);
export type GrantableRole = z.infer<typeof grantableRoleSchema>;

export function canWrite(role: Role | undefined): boolean {
  return role === Role.Owner || role === Role.Editor;
}
