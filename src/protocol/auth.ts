// Accounts and sessions: sign up, sign in, sign out, the signed-in user, and their devices.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { Limits } from './limits.js';
import { NUL_MESSAGE, hasNoNul } from './text.js';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(Limits.emailMax, 'that email address is too long')
  .pipe(z.email({ error: 'enter a valid email address' }));

export const passwordSchema = z
  .string()
  .min(Limits.passwordMin, `a password needs at least ${Limits.passwordMin} characters`)
  .max(Limits.passwordMax, `a password can have at most ${Limits.passwordMax} characters`);

const nameSchema = z.string().trim().min(1).max(Limits.nameMax).refine(hasNoNul, NUL_MESSAGE);

export const signUpRequestSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    /** How teammates see this person; defaults to the part of the email before the @. */
    name: nameSchema.optional(),
    deviceName: nameSchema.optional(),
  })
  .strict();
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;

export const signInRequestSchema = z
  .object({
    email: emailSchema,
    // Any length is checked against the stored hash; limits only guard the hash's cost.
    password: z.string().min(1, 'enter your password').max(Limits.passwordMax),
    deviceName: nameSchema.optional(),
  })
  .strict();
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type User = z.infer<typeof userSchema>;

export const sessionKindSchema = z.enum(['cookie', 'bearer']);

export const sessionInfoSchema = z.object({
  id: z.string(),
  kind: sessionKindSchema,
  deviceName: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** Answer to sign-up, sign-in and `GET /api/auth/me`. */
export const meResponseSchema = z.object({ user: userSchema, session: sessionInfoSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/**
 * Answer to `GET /api/auth/session`, the start-up probe: who this request's session belongs to,
 * or `null`s when nobody is signed in (always 200, so a signed-out visit logs no failed request).
 */
export const sessionProbeResponseSchema = z.union([
  meResponseSchema,
  z.object({ user: z.null(), session: z.null() }),
]);
export type SessionProbeResponse = z.infer<typeof sessionProbeResponseSchema>;

export const sessionsResponseSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export type SessionsResponse = z.infer<typeof sessionsResponseSchema>;

/** `POST /api/auth/tokens`: a bearer token for a non-browser client. */
export const tokenResponseSchema = z.object({
  token: z.string(),
  user: userSchema,
  session: sessionInfoSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** `POST /api/auth/password`: a new password, given the current one. */
export const changePasswordRequestSchema = z
  .object({
    // Checked against the stored hash, like a sign-in.
    currentPassword: z.string().min(1, 'enter your current password').max(Limits.passwordMax),
    newPassword: passwordSchema,
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** Answer to a password change and to signing out every other device: how many were signed out. */
export const signedOutResponseSchema = z.object({ signedOut: z.number().int().min(0) });
export type SignedOutResponse = z.infer<typeof signedOutResponseSchema>;

/** "Forgot password?": where to send a reset link (if that address has an account). */
export const passwordResetRequestSchema = z.object({ email: emailSchema }).strict();
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/** The same answer whether or not the address has an account. */
export const passwordResetRequestedSchema = z.object({
  /** Whether this server sends e-mail at all (without, the person asks whoever runs it). */
  mail: z.boolean(),
});
export type PasswordResetRequested = z.infer<typeof passwordResetRequestedSchema>;

/** A reset link's token (from the e-mail) and the new password. */
export const passwordResetConfirmSchema = z
  .object({
    token: z
      .string()
      .min(1, 'this link is incomplete')
      .max(100, 'this link is not a Tideline reset link')
      .regex(/^[A-Za-z0-9_-]+$/, 'this link is not a Tideline reset link'),
    newPassword: passwordSchema,
  })
  .strict();
export type PasswordResetConfirm = z.infer<typeof passwordResetConfirmSchema>;

/** The path of the page a reset link opens; the token rides in the fragment, never sent. */
export function passwordResetPath(token: string): string {
  return `/reset-password#${token}`;
}
