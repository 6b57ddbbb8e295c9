// The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the app is served over HTTPS
// (the request itself, or PUBLIC_ORIGIN when TLS ends at a proxy in front).
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tideline_session';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function secureFlag(request: FastifyRequest, publicOrigin: string | undefined): string {
  return request.protocol === 'https' || publicOrigin?.startsWith('https:') ? '; Secure' : '';
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  publicOrigin: string | undefined,
): void {
  const secure = secureFlag(request, publicOrigin);
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicOrigin: string | undefined,
): void {
  const secure = secureFlag(request, publicOrigin);
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`,
  );
}
