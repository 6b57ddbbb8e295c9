// Operator-only endpoints, guarded by ADMIN_TOKEN (`Authorization: Bearer <token>`). Without
// the setting they do not exist (404); with it, a missing or wrong token gets 401.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../src/protocol/errorBody.js';
import { ApiError } from '../errors.js';
import type { PushStatsReport } from '../push/PushStats.js';
import type { ApiContext } from './ApiContext.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

function requireOperator(request: FastifyRequest, adminToken: string | undefined): void {
  if (adminToken === undefined) {
    throw new ApiError(
      404,
      ErrorCode.notFound,
      `There is no API endpoint ${request.method} ${request.url.split('?')[0]}.`,
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  // Compare digests: equal length, and no timing hint about how much of the token matched.
  if (!match || !timingSafeEqual(digest(match[1] as string), digest(adminToken))) {
    throw new ApiError(
      401,
      'unauthenticated',
      'This endpoint needs the operator token (ADMIN_TOKEN).',
      {
        headers: { 'www-authenticate': 'Bearer' },
      },
    );
  }
}

export const adminRoutes: FastifyPluginAsync<ApiContext> = async (app, { config, push }) => {
  app.get('/admin/push-stats', async (request, reply): Promise<PushStatsReport> => {
    requireOperator(request, config.adminToken);
    reply.header('cache-control', 'no-store');
    return push.report();
  });
};
