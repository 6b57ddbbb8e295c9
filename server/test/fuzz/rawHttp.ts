// Raw HTTP for the fuzzer: requests written byte by byte onto a socket, so the fuzzer can send
// what no HTTP client library would (malformed request lines and headers, conflicting framing,
// oversized headers, missing Host), and a reader for the first answer that comes back.
import fc from 'fast-check';
import { connect } from 'node:net';
import { SESSION_COOKIE } from '../../auth/cookies.js';
import { REF_NAMES, Ref, type FuzzWorld } from './fuzzWorld.js';

export interface RawRequest {
  method: string;
  /** The request target; `Ref`s are filled in with the world's ids. */
  target: (string | Ref)[];
  version: string;
  headers: [string, string | Ref][];
  body: string;
}

export interface RawAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const ref = fc.constantFrom(...REF_NAMES).map((name) => new Ref(name));

const target = fc.oneof(
  fc.tuple(
    fc.constantFrom(
      '/api/notebooks/',
      '/api/invites/',
      '/api/auth/sessions/',
      '/api/sync/push',
      '/api/health',
    ),
    fc.oneof(ref, fc.constantFrom('', '/members', '%zz', '../x', '?a=%FF')),
  ),
  fc.constantFrom(['*'], ['http://evil.example/api/health'], [''], ['//api//sync//pull']),
  fc.string({ maxLength: 40 }).map((text) => [`/api/${text}`]),
) as fc.Arbitrary<(string | Ref)[]>;

const header: fc.Arbitrary<[string, string | Ref]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['Host', 'localhost:80'],
    ['Host', ''],
    ['Host', 'evil.example'],
    ['Origin', 'http://localhost:80'],
    ['Origin', 'https://evil.example'],
    ['Content-Type', 'application/json'],
    ['Content-Type', 'text/plain'],
    ['Content-Length', '0'],
    ['Content-Length', '5'],
    ['Content-Length', '-1'],
    ['Content-Length', '99999999999999999999'],
    ['Transfer-Encoding', 'chunked'],
    ['Transfer-Encoding', 'gzip, chunked'],
    ['Transfer-Encoding', 'identity'],
    ['Expect', '100-continue'],
    ['Connection', 'keep-alive, Upgrade'],
    ['Upgrade', 'websocket'],
    ['Authorization', 'Bearer'],
    ['Cookie', `${SESSION_COOKIE}=\u00ff\u00fe`],
    ['X-Forwarded-Host', 'evil.example'],
    ['X-Forwarded-Proto', 'https'],
    ['Last-Event-ID', '99999999999999999999999'],
    ['Bad\u0001Name', 'x'],
    ['X-Value', 'a\u0000b'],
    ['X-Big', 'a'.repeat(20_000)],
    [' Leading', 'space'],
    ['No-Colon', ''],
  ),
  ref.map((value): [string, Ref] => ['Authorization', value]),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 })),
);

export const rawRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'HEAD') },
    fc.constantFrom('OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'G ET', ''),
  ),
  target,
  version: fc.oneof(
    { weight: 4, arbitrary: fc.constant('HTTP/1.1') },
    fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', 'http/1.1', ''),
  ),
  headers: fc.array(header, { maxLength: 6 }),
  body: fc.oneof(
    fc.constant(''),
    fc.constantFrom('{}', '{"clientId":', '5\r\n{"a":\r\n0\r\n\r\n', 'zz\r\n{}\r\n0\r\n\r\n'),
    fc.string({ maxLength: 60 }),
  ),
});

function resolve(value: string | Ref, world: FuzzWorld): string {
  return value instanceof Ref ? world.refs[value.name] : value;
}

export function rawBytes(request: RawRequest, world: FuzzWorld): Buffer {
  const target = request.target.map((part) => resolve(part, world)).join('');
  const lines = [`${request.method} ${target} ${request.version}`];
  for (const [name, value] of request.headers) {
    const resolved = resolve(value, world);
    lines.push(
      `${name}: ${name === 'Authorization' && value instanceof Ref ? `Bearer ${resolved}` : resolved}`,
    );
  }
  lines.push('Connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${request.body}`, 'latin1');
}

/** Undoes chunked transfer coding (enough for the server's own answers). */
function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd === -1) return out;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** Sends the bytes and reads the first answer; undefined when the server only hung up. */
export function sendRaw(port: number, bytes: Buffer): Promise<RawAnswer | undefined> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        if (text === '') done(undefined);
        else fail(new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const [statusLine = '', ...headerLines] = text.slice(0, headEnd).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = text.slice(headEnd + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      else if (headers['content-length'] !== undefined) {
        body = Buffer.from(body).subarray(0, Number(headers['content-length'])).toString('utf8');
      }
      done({ statusCode: Number(statusLine.split(' ')[1]), headers, body });
    };
    // An open event stream never ends, and a request whose body is still owed gets no answer
    // yet: after a quiet moment, take what came.
    const quiet = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, 500);
    };
    socket.on('connect', () => {
      socket.write(bytes);
      quiet();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      quiet();
    });
    socket.on('error', () => {});
    socket.on('close', finish);
  });
}
