// Who is calling: a bearer token (`Authorization: Bearer …`, for non-browser clients) or the
// session cookie. A state-changing request that relies on the cookie must come from the app's own
// origin — the Origin header, or Sec-Fetch-Site: same-origin where a browser omits Origin — so
// another site cannot make a signed-in browser act for it. Any request whose Origin names another
// site is refused whatever its credentials.
import type { FastifyRequest } from 'fastify';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { ApiError } from '../errors.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { findSession, type Auth } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth?: Auth;
  }
}

export function expectedOrigin(request: FastifyRequest, publicOrigin: string | undefined): string {
  return publicOrigin ?? `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** Refuses a cross-site state-changing request; `cookieAuth` also requires proof of same origin. */
export function checkOrigin(
  request: FastifyRequest,
  publicOrigin: string | undefined,
  cookieAuth: boolean,
): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin !== expectedOrigin(request, publicOrigin)) {
      throw new ApiError(
        403,
        'cross-origin',
        'This request came from another site and was refused.',
      );
    }
    return;
  }
  if (cookieAuth && request.headers['sec-fetch-site'] !== 'same-origin') {
    throw new ApiError(
      403,
      'cross-origin',
      'A signed-in change must come from the Tideline app itself (no Origin header was sent).',
    );
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match)
    throw new ApiError(
      401,
      'unauthenticated',
      'The Authorization header must be "Bearer <token>".',
    );
  return match[1];
}

/** The caller's session; throws 401 when there is none. Also enforces the origin rule. */
export async function authenticate(
  request: FastifyRequest,
  database: DatabaseHandle,
  publicOrigin: string | undefined,
): Promise<Auth> {
  if (request.auth) return request.auth;
  const bearer = bearerToken(request);
  const token = bearer ?? readCookie(request, SESSION_COOKIE);
  checkOrigin(request, publicOrigin, bearer === undefined && token !== undefined);
  if (!token) throw new ApiError(401, 'unauthenticated', 'Sign in to continue.');
  const auth = await findSession(database, token);
  if (!auth) throw new ApiError(401, 'unauthenticated', 'Your session has ended. Sign in again.');
  request.auth = auth;
  return auth;
}
