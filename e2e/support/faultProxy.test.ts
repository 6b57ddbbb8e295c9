// The fault proxy against a small stand-in server that counts what reached it: each fault does
// what it says (and only it), event streams pass through as they are written, and the same seed
// gives the same faults.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultProxy, type FaultRule } from './faultProxy';

interface Backend {
  url: string;
  server: Server;
  /** Requests that reached the backend, as "METHOD /path". */
  received: string[];
  /** Pushes the backend finished (its "commits"). */
  committed: number;
  lastHost?: string;
  /** Ends the open event stream. */
  endStream?: () => void;
}

async function startBackend(): Promise<Backend> {
  const backend: Backend = { url: '', server: createServer(), received: [], committed: 0 };
  backend.server.on('request', (request: IncomingMessage, response) => {
    backend.received.push(`${request.method} ${request.url}`);
    backend.lastHost = request.headers.host;
    if (request.url === '/api/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write('event: poke\ndata: {"version":1}\n\n');
      backend.endStream = () => response.end('event: poke\ndata: {"version":2}\n\n');
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') backend.committed += 1;
      response.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'yes' });
      response.end(JSON.stringify({ echo: Buffer.concat(chunks).toString(), url: request.url }));
    });
  });
  await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  return backend;
}

const push = (proxy: FaultProxy, body = '{"n":1}') =>
  fetch(`${proxy.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('fault proxy', () => {
  let backend: Backend;
  let proxy: FaultProxy;
  const startProxy = async (rules: FaultRule[], seed = 1) => {
    proxy = await FaultProxy.start({ target: backend.url, seed, rules });
    return proxy;
  };

  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    await proxy?.close();
    backend.server.closeAllConnections();
    await new Promise((resolve) => backend.server.close(resolve));
  });

  it('passes requests and answers through unchanged, keeping the Host header', async () => {
    await startProxy([]);
    const response = await push(proxy, '{"hello":"world"}');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-backend')).toBe('yes');
    expect(await response.json()).toEqual({ echo: '{"hello":"world"}', url: '/api/sync/push' });
    expect(backend.lastHost).toBe(new URL(proxy.url).host);
    expect(proxy.counts).toMatchObject({ requests: 1, forwarded: 1 });
    expect(proxy.faultsInjected).toBe(0);
  });

  it('streams Server-Sent Events through as they are written', async () => {
    await startProxy([{ fault: 'error500', probability: 1, path: '/api/sync' }]);
    const response = await fetch(`${proxy.url}/api/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // The first frame arrives while the backend still holds the stream open.
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
    expect(text).toBe('event: poke\ndata: {"version":1}\n\n');
    backend.endStream!();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value);
    }
    expect(text).toContain('data: {"version":2}');
  });

  it('drops a request before it reaches the server', async () => {
    await startProxy([{ fault: 'dropRequest', probability: 1 }]);
    await expect(push(proxy)).rejects.toThrow();
    expect(backend.received).toEqual([]);
    expect(proxy.counts).toMatchObject({ requests: 1, forwarded: 0, dropRequest: 1 });
  });

  it('drops the response after the server finished the request', async () => {
    await startProxy([{ fault: 'dropResponse', probability: 1, method: 'POST' }]);
    await expect(push(proxy)).rejects.toThrow();
    expect(backend.committed).toBe(1);
    expect(proxy.counts).toMatchObject({ forwarded: 1, dropResponse: 1 });
    // Other methods are not matched by the rule.
    expect((await fetch(`${proxy.url}/api/health`)).status).toBe(200);
  });

  it.each([
    ['error500', 500, null],
    ['error503', 503, '7'],
    ['error429', 429, '7'],
  ] as const)('%s answers %i without reaching the server', async (fault, status, retryAfter) => {
    await startProxy([{ fault, probability: 1, retryAfterSeconds: 7 }]);
    const response = await push(proxy);
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
    expect(await response.json()).toEqual({
      error: { code: 'fault-injected', message: expect.any(String) },
    });
    expect(backend.received).toEqual([]);
    expect(proxy.counts[fault]).toBe(1);
  });

  it('delays a request, then forwards it', async () => {
    await startProxy([{ fault: 'delay', probability: 1, delayMs: [200, 300] }]);
    const started = Date.now();
    const response = await push(proxy);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(backend.committed).toBe(1);
    expect(proxy.counts).toMatchObject({ delay: 1, forwarded: 1 });
  });

  it('heals when its rules are cleared', async () => {
    await startProxy([{ fault: 'error503', probability: 1 }]);
    expect((await push(proxy)).status).toBe(503);
    proxy.setRules([]);
    expect((await push(proxy)).status).toBe(200);
  });

  it('is deterministic for a seed, whatever other requests interleave', async () => {
    const rules: FaultRule[] = FAULT_KINDS.map((fault) => ({ fault, probability: 0.1 }));
    const fates = async (seed: number, interleave: boolean) => {
      const fresh = await FaultProxy.start({ target: backend.url, seed, rules });
      const seen: string[] = [];
      for (let i = 0; i < 200; i++) {
        if (interleave && i % 3 === 0) fresh.decide('GET', '/api/events');
        seen.push(fresh.decide('POST', '/api/sync/push')?.rule.fault ?? 'none');
      }
      await fresh.close();
      return seen;
    };
    const first = await fates(42, false);
    expect(await fates(42, true)).toEqual(first);
    expect(await fates(43, false)).not.toEqual(first);
    // With these odds over 200 requests, several kinds of fault turn up.
    expect(new Set(first).size).toBeGreaterThan(3);
    await startProxy([]);
  });

  it('counts faults by kind over many requests', async () => {
    await startProxy(
      [
        { fault: 'error503', probability: 0.2, path: /^\/api\/sync\// },
        { fault: 'error429', probability: 0.2, path: '/api/sync/' },
      ],
      9,
    );
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await push(proxy)).status);
    expect(statuses.filter((s) => s === 503).length).toBe(proxy.counts.error503);
    expect(statuses.filter((s) => s === 429).length).toBe(proxy.counts.error429);
    expect(statuses.filter((s) => s === 200).length).toBe(backend.committed);
    expect(proxy.counts.requests).toBe(40);
    expect(proxy.faultsInjected).toBe(40 - backend.committed);
  });
});
