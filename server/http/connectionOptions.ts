// How long a connection may take over each part of its life, and which proxies are believed:
// the Fastify options buildApp starts from. Node's defaults wait forever for a request body and
// keep idle sockets open for minutes, so a client that sends headers and a trickle of body could
// hold a file descriptor indefinitely, with no sign-in needed.
//
//   connect ─► headers (HEADERS_TIMEOUT) ─► body (whole request: REQUEST_TIMEOUT)
//      └─ no bytes either way for IDLE_TIMEOUT ─► closed
//   response sent ─► idle keep-alive (KEEP_ALIVE_TIMEOUT) ─► closed
//
// The event stream is a response that never ends: it is exempt from the idle timeout (its
// heartbeat keeps proxies awake, see eventRoutes.ts), while the request timeout only ever covered
// receiving the request, which for a GET is over at once.
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { Config } from '../config.js';

export interface ConnectionTimeouts {
  /** The request line and headers must have arrived within this. */
  headersMs: number;
  /** The whole request, body included, must have arrived within this. */
  requestMs: number;
  /** A connection with no traffic either way for this long is closed. */
  idleMs: number;
  /** A kept-alive connection waits this long for its next request. */
  keepAliveMs: number;
  /** How often Node checks requests against the headers and request timeouts. */
  checkEveryMs: number;
}

export const CONNECTION_TIMEOUTS: ConnectionTimeouts = {
  headersMs: 20_000,
  requestMs: 120_000,
  idleMs: 60_000,
  keepAliveMs: 10_000,
  checkEveryMs: 5_000,
};

export function connectionOptions(
  config: Pick<Config, 'trustProxy'>,
  timeouts: Partial<ConnectionTimeouts> = {},
): FastifyHttpOptions<Server> {
  const t = { ...CONNECTION_TIMEOUTS, ...timeouts };
  return {
    // Fastify compiles the list with @fastify/proxy-addr: X-Forwarded-For/-Proto/-Host are read
    // only from those peers, and request.ip becomes the client behind them.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    http: {
      // clientErrors.ts answers a request without a Host header itself, with the error body.
      requireHostHeader: false,
      headersTimeout: Math.min(t.headersMs, t.requestMs),
      connectionsCheckingInterval: t.checkEveryMs,
    },
  };
}
