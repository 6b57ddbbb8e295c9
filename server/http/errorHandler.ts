// Fastify's error handler for the whole app: every failure answers with the
// shared error body, and unexpected ones are logged with their stack (which the
// client never sees).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { toErrorReply } from './toErrorReply.js';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body, expected } = toErrorReply(error);
    if (!expected) {
      request.log.error({ err: error }, 'request failed');
    } else if (statusCode >= 500) {
      request.log.warn({ code: body.error.code }, body.error.message);
    }
    if (error instanceof ApiError) reply.headers(error.headers);
    return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
  });
}

/**
 * Fastify's `frameworkErrors` option: failures found before any route or hook runs (a path that
 * is not valid percent-encoding, FST_ERR_BAD_URL) would otherwise get Fastify's own body.
 */
export function replyToFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { statusCode, body } = toErrorReply(error);
  void reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}
