// Sends one encrypted push message (RFC 8030 + RFC 8291) and says what came of it. web-push
// encrypts the payload (aes128gcm) and builds the request headers; the request itself goes out
// here over keep-alive agents, through a lookup that refuses private addresses at connect time,
// never following a redirect, with TTL, Urgency and Topic on every message.
import http from 'node:http';
import https from 'node:https';
import webpush from 'web-push';
import { errorCodeOf } from '../errors.js';
import { parseRetryAfter } from '../../src/protocol/retryAfter.js';
import { checkedLookup, PushAddressRefusedError, type HostResolver } from './resolvePushHost.js';

export interface PushMessage {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The plaintext (a PushPoke as JSON). */
  payload: string;
  topic: string;
  ttlSeconds: number;
}

export type SendOutcome =
  | { kind: 'sent'; status: number; latencyMs: number }
  /** 404/410: the subscription no longer exists; delete it. */
  | { kind: 'gone'; status: number; latencyMs: number }
  /** 429, 5xx, network trouble: try again later. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; latencyMs: number }
  /** Will never succeed as it is (bad request, redirect, refused address…). */
  | { kind: 'failed'; reason: string; latencyMs: number };

export interface PushSenderOptions {
  resolver: HostResolver;
  allowLoopback: boolean;
  /** Sockets per push-service origin (and so requests in flight to it). */
  maxSockets: number;
  /** Extra CA certificates to trust (tests and benchmarks with a self-signed push service). */
  ca?: string | Buffer;
  timeoutMs?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'push-timeout',
]);

export class PushSender {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;
  private readonly lookup;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: PushSenderOptions) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      scheduling: 'lifo' as const,
    };
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    });
    this.httpAgent = new http.Agent(agentOptions);
    this.lookup = checkedLookup(options.resolver, options.allowLoopback);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  send(message: PushMessage, authorization: string): Promise<SendOutcome> {
    let details: webpush.RequestDetails;
    try {
      // No vapidDetails: web-push would sign a JWT per message; the cached header goes instead.
      details = webpush.generateRequestDetails(
        { endpoint: message.endpoint, keys: { p256dh: message.p256dh, auth: message.auth } },
        message.payload,
        {
          TTL: message.ttlSeconds,
          urgency: 'normal',
          topic: message.topic,
          contentEncoding: 'aes128gcm',
          headers: { Authorization: authorization },
        },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Promise.resolve({ kind: 'failed', reason: `unsendable: ${reason}`, latencyMs: 0 });
    }
    const url = new URL(message.endpoint);
    const secure = url.protocol === 'https:';
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;

    return new Promise<SendOutcome>((resolve) => {
      const request = (secure ? https : http).request(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers: details.headers as http.OutgoingHttpHeaders,
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup,
          timeout: this.timeoutMs,
        },
        (response) => {
          // The body is never needed; reading it to the end frees the socket for the next message.
          response.resume();
          response.on('error', () => undefined);
          response.on('end', () => resolve(this.outcome(response, elapsed())));
        },
      );
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('timed out'), { code: 'push-timeout' })),
      );
      request.on('error', (error) => {
        const latencyMs = elapsed();
        if (error instanceof PushAddressRefusedError) {
          resolve({ kind: 'failed', reason: 'address-refused', latencyMs });
          return;
        }
        const code = errorCodeOf(error) ?? 'network-error';
        resolve(
          RETRYABLE_NETWORK.has(code)
            ? { kind: 'retry', reason: code, latencyMs }
            : { kind: 'failed', reason: code, latencyMs },
        );
      });
      request.end(details.body);
    });
  }

  private outcome(response: http.IncomingMessage, latencyMs: number): SendOutcome {
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return { kind: 'sent', status, latencyMs };
    if (status === 404 || status === 410) return { kind: 'gone', status, latencyMs };
    if (status === 429 || status >= 500) {
      const header = response.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, this.now());
      return {
        kind: 'retry',
        reason: `http-${status}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        latencyMs,
      };
    }
    if (status >= 300 && status < 400) {
      return { kind: 'failed', reason: `redirect-refused (http-${status})`, latencyMs };
    }
    return { kind: 'failed', reason: `http-${status}`, latencyMs };
  }

  /** Closes idle keep-alive connections (at shutdown). */
  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
