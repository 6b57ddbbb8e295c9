// An HTTP proxy that sits between browsers and a Tideline server and injects faults, for the
// chaos harness: per-request rules, driven by a seeded PRNG, can
//
//   dropRequest    close the browser's connection without forwarding anything
//   dropResponse   forward, let the server answer in full (it has committed), then close the
//                  browser's connection instead of passing the answer on
//   delay          hold the request for a while, then forward it
//   error500       answer 500 without forwarding
//   error503       answer 503 with Retry-After without forwarding
//   error429       answer 429 with Retry-After without forwarding
//
// Everything else is forwarded as is, streaming both ways, so Server-Sent Events
// (GET /api/events) pass through as they are written. The Host header is kept, so the server
// sees the proxy's origin as its own and the same-origin checks behave as without the proxy.
//
// Determinism: each request gets its own PRNG, seeded from the proxy's seed, the request's
// method and path, and how many requests with that method and path came before it. So with the
// same seed the n-th push gets the same fate whatever other requests interleave with it.
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULT_KINDS = [
  'dropRequest',
  'dropResponse',
  'delay',
  'error500',
  'error503',
  'error429',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  fault: FaultKind;
  /** Chance that a matching request gets this fault, 0 to 1. */
  probability: number;
  /** Only requests with this method (any when left out). */
  method?: string;
  /** Only paths starting with this string, or matching this pattern (any when left out). */
  path?: string | RegExp;
  /** For `delay`: how long, a fixed time or a [min, max] range drawn from the PRNG. */
  delayMs?: number | readonly [number, number];
  /** For 503 and 429: the Retry-After seconds sent (default 1). */
  retryAfterSeconds?: number;
}

export interface FaultProxyOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080. */
  target: string;
  seed: number;
  rules?: readonly FaultRule[];
  /** Where the proxy listens (default 127.0.0.1 on a free port). */
  host?: string;
  port?: number;
}

export type FaultCounts = Record<FaultKind, number> & {
  /** Requests that reached the proxy. */
  requests: number;
  /** Requests passed to the server (including delayed ones and dropped responses). */
  forwarded: number;
};

/** mulberry32: small, fast and good enough to make fault decisions repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the text, mixed with the seed: one PRNG seed per (seed, text). */
function mixSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

// Headers that describe one connection, not the message; never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultProxy {
  readonly counts: FaultCounts = {
    requests: 0,
    forwarded: 0,
    ...(Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>),
  };
  private rules: readonly FaultRule[];
  private readonly seen = new Map<string, number>();
  private readonly target: URL;
  private readonly server: Server;
  private readonly open = new Set<IncomingMessage>();

  private constructor(private readonly options: FaultProxyOptions) {
    this.target = new URL(options.target);
    this.rules = options.rules ?? [];
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The proxy's base URL: give this to the browser instead of the server's. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** Replaces the rules (for example, `setRules([])` to heal the network). */
  setRules(rules: readonly FaultRule[]): void {
    this.rules = rules;
  }

  /** Faults injected so far, of every kind. */
  get faultsInjected(): number {
    return FAULT_KINDS.reduce((sum, kind) => sum + this.counts[kind], 0);
  }

  /** The fault the rules give this request, if any; consumes its PRNG deterministically. */
  decide(method: string, path: string): { rule: FaultRule; random: () => number } | undefined {
    const key = `${method} ${path}`;
    const nth = this.seen.get(key) ?? 0;
    this.seen.set(key, nth + 1);
    const random = seededRandom(mixSeed(this.options.seed, `${key}#${nth}`));
    for (const rule of this.rules) {
      if (!matches(rule, method, path)) continue;
      // Every matching rule draws, hit or not, so one rule's outcome never shifts another's.
      if (random() < rule.probability) return { rule, random };
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.counts.requests += 1;
    const method = (request.method ?? 'GET').toUpperCase();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const decision = this.decide(method, path);
    const fault = decision?.rule.fault;
    if (fault !== undefined) this.counts[fault] += 1;

    switch (fault) {
      case 'dropRequest':
        request.socket.destroy();
        return;
      case 'error500':
      case 'error503':
      case 'error429': {
        const status = fault === 'error500' ? 500 : fault === 'error503' ? 503 : 429;
        const headers: Record<string, string> = {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        };
        if (status !== 500) {
          headers['retry-after'] = String(decision!.rule.retryAfterSeconds ?? 1);
        }
        request.resume();
        response.writeHead(status, headers).end(
          JSON.stringify({
            error: { code: 'fault-injected', message: `The fault proxy answered ${status}.` },
          }),
        );
        return;
      }
      case 'delay': {
        const { delayMs = 1_000 } = decision!.rule;
        const ms =
          typeof delayMs === 'number'
            ? delayMs
            : delayMs[0] + Math.floor(decision!.random() * (delayMs[1] - delayMs[0] + 1));
        request.pause();
        await sleep(ms);
        break;
      }
      default:
        break;
    }
    this.forward(request, response, fault === 'dropResponse');
  }

  private forward(request: IncomingMessage, response: ServerResponse, dropResponse: boolean): void {
    this.counts.forwarded += 1;
    this.open.add(request);
    const upstream = httpRequest(
      {
        protocol: this.target.protocol,
        hostname: this.target.hostname,
        port: this.target.port,
        method: request.method,
        path: request.url,
        headers: endToEnd(request.headers),
      },
      (answer) => {
        if (dropResponse) {
          // Read the whole answer so the server has finished (and committed), then hang up. An
          // event stream never finishes: once it has started, that is as committed as it gets.
          const streaming = String(answer.headers['content-type'] ?? '').startsWith(
            'text/event-stream',
          );
          if (streaming) {
            answer.destroy();
            request.socket.destroy();
            return;
          }
          answer.resume();
          answer.once('end', () => request.socket.destroy());
          return;
        }
        response.writeHead(
          answer.statusCode ?? 502,
          answer.statusMessage,
          endToEnd(answer.headers),
        );
        response.flushHeaders();
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      // The server went away (restarted, killed): the browser sees its connection close.
      request.socket.destroy();
    });
    // The response's close (not the request's, which fires once its body is read) says the
    // browser hung up, e.g. closed an event stream: stop the upstream request too.
    response.once('close', () => {
      this.open.delete(request);
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  }

  async close(): Promise<void> {
    for (const request of this.open) request.socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
