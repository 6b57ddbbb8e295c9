// GET /api/health: the server is up and its database answers. Used by load
// balancers, the e2e fixture and the client's "server reachable" check.
import type { FastifyPluginAsync } from 'fastify';
import { ErrorCode } from '../../src/protocol/errorBody.js';
import type { HealthResponse } from '../../src/protocol/health.js';
import { pingDatabase } from '../db/pingDatabase.js';
import { ApiError } from '../errors.js';
import type { ApiContext } from './ApiContext.js';

/** A database slower than this counts as down: a health check must answer promptly. */
export const HEALTH_TIMEOUT_MS = 5_000;

async function pingWithin(ping: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms);
  });
  try {
    await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsync<ApiContext> = async (app, { database, version }) => {
  app.get('/health', async (request): Promise<HealthResponse> => {
    try {
      await pingWithin(pingDatabase(database.db), HEALTH_TIMEOUT_MS);
    } catch (error) {
      request.log.error({ err: error }, 'health check: the database did not answer');
      throw new ApiError(
        503,
        ErrorCode.databaseUnavailable,
        'The database is not answering. Try again shortly.',
        { cause: error },
      );
    }
    return { status: 'ok', version, database: database.dialect };
  });
};
