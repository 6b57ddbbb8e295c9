// /api/auth: sign up, sign in, sign out, who am I (and the start-up probe), my devices (list,
// revoke one, sign out all the others), changing the password, and bearer tokens for non-browser
// clients. Sign-in and sign-up are rate limited per IP and per account (a password change's check
// of the current password counts as a sign-in attempt), and a failed sign-in says only "email or
// password is incorrect". A session that ends has its open event streams closed on every instance.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  changePasswordRequestSchema,
  signInRequestSchema,
  signUpRequestSchema,
  type MeResponse,
  type SessionProbeResponse,
  type SessionsResponse,
  type SignedOutResponse,
  type TokenResponse,
  type User,
} from '../../src/protocol/auth.js';
import {
  changePassword,
  checkCredentials,
  createAccount,
  EmailTakenError,
} from '../auth/accounts.js';
import { announceSessionsEnded } from '../auth/announceSessionsEnded.js';
import { authenticate, checkOrigin } from '../auth/authenticate.js';
import { clearSessionCookie, setSessionCookie } from '../auth/cookies.js';
import { RateLimiter, type RateDecision } from '../auth/RateLimiter.js';
import {
  COOKIE_SESSION_MS,
  createSession,
  deviceNameFrom,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  sessionInfo,
  type SessionKind,
} from '../auth/sessions.js';
import { uuidSchema } from '../../src/protocol/ids.js';
import { ApiError } from '../errors.js';
import type { ApiContext } from './ApiContext.js';

/** Sign-in and sign-up attempts from one IP address: AUTH_ATTEMPTS_PER_IP in this window. */
const PER_IP_WINDOW_MS = 10 * 60 * 1000;
/** Failed sign-ins for one email address. */
const PER_ACCOUNT = { limit: 10, windowMs: 15 * 60 * 1000 };

const sessionParams = z.object({ id: uuidSchema }).strict();

export const authRoutes: FastifyPluginAsync<ApiContext> = async (
  app,
  { database, config, events },
) => {
  const perIp = new RateLimiter({ limit: config.authAttemptsPerIp, windowMs: PER_IP_WINDOW_MS });
  const perAccount = new RateLimiter(PER_ACCOUNT);
  const sweeper = setInterval(() => {
    perIp.sweep();
    perAccount.sweep();
  }, 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  /**
   * Counts an attempt against every `[limiter, key]` pair, or against none when any is used up
   * (429). Checking and counting happen together, before any password is verified: attempts that
   * arrive while another one is still being checked see it counted, so a burst of concurrent
   * wrong passwords cannot all get through.
   */
  function reserve(...budgets: [RateLimiter, string][]): void {
    for (const [limiter, key] of budgets) refuseIfSpent(limiter.check(key));
    for (const [limiter, key] of budgets) limiter.hit(key);
  }

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

  async function startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    kind: SessionKind,
    deviceName: string | undefined,
  ) {
    const { token, session } = await createSession(
      database,
      user.id,
      kind,
      deviceName ?? deviceNameFrom(request.headers['user-agent']),
      kind === 'cookie' ? COOKIE_SESSION_MS : config.bearerTokenTtlMs,
    );
    if (kind === 'cookie')
      setSessionCookie(request, reply, token, COOKIE_SESSION_MS / 1000, config.publicOrigin);
    return { token, session: sessionInfo(session, session.id) };
  }

  app.post('/auth/sign-up', async (request, reply): Promise<MeResponse> => {
    checkOrigin(request, config.publicOrigin, false);
    reserve([perIp, request.ip]);
    const body = signUpRequestSchema.parse(request.body);
    let user: User;
    try {
      user = await createAccount(database, body);
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new ApiError(
          409,
          'sign-up-refused',
          'An account cannot be created with that email address. If it is yours, sign in instead.',
        );
      }
      throw error;
    }
    const { session } = await startSession(request, reply, user, 'cookie', body.deviceName);
    reply.code(201);
    return { user, session };
  });

  async function signIn(request: FastifyRequest) {
    checkOrigin(request, config.publicOrigin, false);
    refuseIfSpent(perIp.check(request.ip));
    const body = signInRequestSchema.parse(request.body);
    reserve([perIp, request.ip], [perAccount, body.email]);
    const user = await checkCredentials(database, body);
    if (!user) {
      // The reserved attempt stays counted.
      throw new ApiError(401, 'invalid-credentials', 'The email or password is incorrect.');
    }
    perAccount.reset(body.email);
    return { user, deviceName: body.deviceName };
  }

  app.post('/auth/sign-in', async (request, reply): Promise<MeResponse> => {
    const { user, deviceName } = await signIn(request);
    const { session } = await startSession(request, reply, user, 'cookie', deviceName);
    return { user, session };
  });

  app.post('/auth/tokens', async (request, reply): Promise<TokenResponse> => {
    const { user, deviceName } = await signIn(request);
    const { token, session } = await startSession(request, reply, user, 'bearer', deviceName);
    reply.code(201);
    return { token, user, session };
  });

  app.post('/auth/sign-out', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    await revokeSession(database, auth.user.id, auth.session.id);
    await announceSessionsEnded(events, request.log, auth.user.id, {
      sessionIds: [auth.session.id],
    });
    clearSessionCookie(request, reply, config.publicOrigin);
    reply.code(204);
  });

  app.post('/auth/sign-out-others', async (request): Promise<SignedOutResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const ended = await revokeOtherSessions(database, auth.user.id, auth.session.id);
    await announceSessionsEnded(events, request.log, auth.user.id, {
      exceptSessionId: auth.session.id,
    });
    return { signedOut: ended.length };
  });

  app.post('/auth/password', async (request): Promise<SignedOutResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const body = changePasswordRequestSchema.parse(request.body);
    reserve([perIp, request.ip], [perAccount, auth.user.email]);
    if (!(await changePassword(database, auth.user.id, body.currentPassword, body.newPassword))) {
      throw new ApiError(403, 'wrong-password', 'Your current password is not right.');
    }
    perAccount.reset(auth.user.email);
    // Whoever else knew the old password is signed out everywhere; this device stays.
    const ended = await revokeOtherSessions(database, auth.user.id, auth.session.id);
    await announceSessionsEnded(events, request.log, auth.user.id, {
      exceptSessionId: auth.session.id,
    });
    return { signedOut: ended.length };
  });

  app.get('/auth/me', async (request): Promise<MeResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    return { user: auth.user, session: sessionInfo(auth.session, auth.session.id) };
  });

  // The app's start-up question, asked before it knows whether anyone is signed in here: a
  // missing or ended session is an answer (nulls), not a failure.
  app.get('/auth/session', async (request): Promise<SessionProbeResponse> => {
    try {
      const auth = await authenticate(request, database, config.publicOrigin);
      return { user: auth.user, session: sessionInfo(auth.session, auth.session.id) };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthenticated') {
        return { user: null, session: null };
      }
      throw error;
    }
  });

  app.get('/auth/sessions', async (request): Promise<SessionsResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const rows = await listSessions(database, auth.user.id);
    return { sessions: rows.map((row) => sessionInfo(row, auth.session.id)) };
  });

  app.delete('/auth/sessions/:id', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { id } = sessionParams.parse(request.params);
    if (!(await revokeSession(database, auth.user.id, id))) {
      throw new ApiError(404, 'not-found', 'You have no session with that id.');
    }
    await announceSessionsEnded(events, request.log, auth.user.id, { sessionIds: [id] });
    if (id === auth.session.id) clearSessionCookie(request, reply, config.publicOrigin);
    reply.code(204);
  });
};
