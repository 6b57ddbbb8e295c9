// "Forgot password?" (docs/api.md "Accounts"): asking for a reset link by e-mail, and setting a
// new password with one. Both need the server; failures are ApiRequestErrors.
import {
  passwordResetRequestedSchema,
  signedOutResponseSchema,
  type PasswordResetConfirm,
  type PasswordResetRequest,
} from '../protocol/auth';
import { apiRequest } from './api';

/** Whether the server sends e-mail (the answer is the same whether or not the account exists). */
export async function requestPasswordReset(email: string): Promise<{ mail: boolean }> {
  return apiRequest('POST', '/auth/password-reset', {
    body: { email } satisfies PasswordResetRequest,
    schema: passwordResetRequestedSchema,
  });
}

/** Sets the new password; returns how many sessions (devices) were signed out. */
export async function confirmPasswordReset(token: string, newPassword: string): Promise<number> {
  const { signedOut } = await apiRequest('POST', '/auth/password-reset/confirm', {
    body: { token, newPassword } satisfies PasswordResetConfirm,
    schema: signedOutResponseSchema,
  });
  return signedOut;
}
