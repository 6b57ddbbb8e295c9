// At most `perAddress` open connections from one client address; one more is answered 503 with
// Retry-After (and the usual security headers) and closed before any request is read. Peers
// listed in TRUST_PROXY are not counted: every client behind the proxy arrives from its address,
// and the proxy bounds its own connections.
import type { Socket } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, errorBody } from '../../src/protocol/errorBody.js';
import { writeRawReply } from './clientErrors.js';

const RETRY_AFTER_SECONDS = 10;

export function limitConnectionsPerAddress(
  app: FastifyInstance,
  options: { perAddress: number; trustProxy: readonly string[]; headers: Record<string, string> },
): void {
  const trusted =
    options.trustProxy.length > 0 ? proxyAddr.compile([...options.trustProxy]) : () => false;
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined || trusted(address, 0)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > options.perAddress) {
      writeRawReply(
        socket,
        503,
        'Service Unavailable',
        errorBody(
          ErrorCode.tooManyRequests,
          'Too many connections from your address. Close some and try again.',
        ),
        { ...options.headers, 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
