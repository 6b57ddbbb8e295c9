// Requests Node's HTTP parser refuses before Fastify sees them (a malformed request line or
// header, conflicting Content-Length, bad chunked framing, headers over the size limit), and
// HTTP/1.1 requests without a Host header (which Node would answer with an empty 400). Both
// get the shared error body and the security headers, like every other refusal.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, errorBody, type ErrorBody } from '../../src/protocol/errorBody.js';
import { ApiError } from '../errors.js';

/**
 * Writes a whole HTTP/1.1 response straight to a socket Fastify never saw a request on, with
 * `headers` (the security headers every response carries) and the shared error body, then ends
 * the connection.
 */
export function writeRawReply(
  socket: Socket,
  status: number,
  reason: string,
  body: ErrorBody,
  headers: Readonly<Record<string, string>>,
): void {
  const text = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Content-Type: application/json; charset=utf-8',
    'Cache-Control: no-store',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
  // A client that does not read its answer does not keep the socket.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** Fastify's `clientErrorHandler` option, answering with `headers` on every reply. */
export function replyToClientError(headers: Readonly<Record<string, string>>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, reason, body] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            errorBody(ErrorCode.badRequest, 'The request headers are too large.'),
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [
              408,
              'Request Timeout',
              errorBody(ErrorCode.badRequest, 'The request took too long to arrive.'),
            ]
          : [
              400,
              'Bad Request',
              errorBody(ErrorCode.badRequest, 'The request is not well-formed HTTP.'),
            ];
    writeRawReply(socket, status, reason, body, headers);
  };
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2). The app's server is created with Node's
 * `requireHostHeader` off so that this hook, not Node, refuses the request, with the error body.
 */
export function requireHostHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new ApiError(400, ErrorCode.badRequest, 'An HTTP/1.1 request needs a Host header.');
    }
  });
}
