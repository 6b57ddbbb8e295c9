// "Forgot password?":
//
//   POST /auth/password-reset          anyone: e-mails a reset link if the address has an account
//   POST /auth/password-reset/confirm  anyone with a link's token: sets a new password
//
// The first answers 202 with the same body whether or not an account exists, and the e-mail is
// sent after the answer, so neither the answer nor its timing tells. Both are rate limited per IP
// address and per account (e-mail address) like sign-in. A link works once, for
// RESET_LINK_MINUTES; using it ends every session of the account on every instance. Without
// SMTP_URL no e-mail goes out: the operator prints a link with `npm run reset-password`.
import type { FastifyPluginAsync } from 'fastify';
import {
  passwordResetConfirmSchema,
  passwordResetPath,
  passwordResetRequestSchema,
  type PasswordResetRequested,
  type SignedOutResponse,
} from '../../src/protocol/auth.js';
import { announceSessionsEnded } from '../auth/announceSessionsEnded.js';
import { checkOrigin } from '../auth/authenticate.js';
import { createMailer } from '../auth/mailer.js';
import { issuePasswordReset, usePasswordReset } from '../auth/passwordResets.js';
import { RateLimiter, type RateDecision } from '../auth/RateLimiter.js';
import { ApiError } from '../errors.js';
import type { ApiContext } from './ApiContext.js';

const PER_IP_WINDOW_MS = 10 * 60 * 1000;
/** Reset e-mails asked for one address: a few an hour, so nobody's inbox is flooded. */
const PER_ACCOUNT = { limit: 3, windowMs: 60 * 60 * 1000 };

function refuseIfSpent(decision: RateDecision): void {
  if (!decision.allowed) {
    throw new ApiError(
      429,
      'too-many-requests',
      `Too many attempts. Try again in ${decision.retryAfterSeconds} seconds.`,
      { headers: { 'retry-after': String(decision.retryAfterSeconds) } },
    );
  }
}

export const passwordResetRoutes: FastifyPluginAsync<ApiContext> = async (
  app,
  { database, config, events },
) => {
  const perIp = new RateLimiter({ limit: config.authAttemptsPerIp, windowMs: PER_IP_WINDOW_MS });
  const perAccount = new RateLimiter(PER_ACCOUNT);
  const mailer = createMailer(config.mail);
  const sweeper = setInterval(() => {
    perIp.sweep();
    perAccount.sweep();
  }, 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    mailer?.close();
  });
  const minutes = Math.round(config.passwordResetTtlMs / 60_000);

  app.post('/auth/password-reset', async (request, reply): Promise<PasswordResetRequested> => {
    checkOrigin(request, config.publicOrigin, false);
    refuseIfSpent(perIp.check(request.ip));
    const { email } = passwordResetRequestSchema.parse(request.body);
    refuseIfSpent(perAccount.check(email));
    perIp.hit(request.ip);
    perAccount.hit(email);
    reply.code(202);
    if (!mailer || !config.publicOrigin) return { mail: false };
    const log = request.log;
    // After the answer: neither looking the account up nor the SMTP server's pace may tell
    // whether it exists.
    setImmediate(() => {
      void (async () => {
        const issued = await issuePasswordReset(database, email, config.passwordResetTtlMs);
        if (!issued) return;
        const link = `${config.publicOrigin}${passwordResetPath(issued.token)}`;
        await mailer.sendPasswordReset({
          to: issued.user.email,
          name: issued.user.name,
          link,
          minutes,
        });
        log.info({ userId: issued.user.id }, 'password reset e-mail sent');
      })().catch((error: unknown) =>
        log.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'password reset e-mail could not be sent',
        ),
      );
    });
    return { mail: true };
  });

  app.post('/auth/password-reset/confirm', async (request): Promise<SignedOutResponse> => {
    checkOrigin(request, config.publicOrigin, false);
    refuseIfSpent(perIp.check(request.ip));
    const body = passwordResetConfirmSchema.parse(request.body);
    perIp.hit(request.ip);
    const done = await usePasswordReset(database, body.token, body.newPassword);
    if (!done) {
      throw new ApiError(
        400,
        'reset-link-invalid',
        'This reset link has expired or was already used. Ask for a new one from the sign-in page.',
      );
    }
    await announceSessionsEnded(events, request.log, done.userId, {
      sessionIds: done.endedSessions,
    });
    return { signedOut: done.endedSessions.length };
  });
};
