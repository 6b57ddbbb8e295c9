// What a request that matches no route gets:
//
//   /api/…                          → 404 error body
//   GET/HEAD that accepts text/html → index.html, 200 (the client routes deep links
//                                     like /notebooks/x), or a 503 "run npm run build"
//                                     page when the client isn't built
//   anything else                   → 404 error body (a missing script or image must
//                                     not be answered with HTML)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, errorBody } from '../../src/protocol/errorBody.js';
import { isApiPath } from './responseHeaders.js';
import { INDEX_HTML } from './serveClient.js';

export const CLIENT_NOT_BUILT_MESSAGE =
  "Tideline's web app has not been built yet. Run npm run build, then restart the server.\n";

function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

export function installNotFoundHandler(
  app: FastifyInstance,
  { clientBuilt }: { clientBuilt: boolean },
): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (isApiPath(path)) {
      return reply
        .code(404)
        .send(errorBody(ErrorCode.notFound, `There is no API endpoint ${request.method} ${path}.`));
    }
    if (isRead && !clientBuilt && (path === '/' || acceptsHtml(request))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(CLIENT_NOT_BUILT_MESSAGE);
    }
    if (isRead && clientBuilt && acceptsHtml(request)) {
      // Cache-Control: no-cache comes from serveClient's setHeaders, as for /index.html.
      return reply.code(200).sendFile(INDEX_HTML);
    }
    return reply.code(404).send(errorBody(ErrorCode.notFound, `Nothing is served at ${path}.`));
  });
}
