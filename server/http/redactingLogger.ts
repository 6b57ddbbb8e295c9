// The logger setting buildApp hands Fastify: whatever the caller chose, with a request serializer
// that logs each URL with its secrets taken out (redactUrl.ts). Fastify's own serializer logs
// `request.url` as it came, invite tokens included.
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl } from './redactUrl.js';

type LoggerSetting = FastifyServerOptions['logger'];

/** Fastify's request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function redactingLogger(logger: LoggerSetting): LoggerSetting {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
