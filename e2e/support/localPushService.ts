// A Web Push service for tests, on loopback: it plays the part of FCM or Mozilla's autopush so
// that the whole chain (application server → push service → browser) runs offline.
//
// It speaks RFC 8030 over HTTP and HTTPS at once (HTTPS with a self-signed certificate made at
// start; trust it with `certificatePem` or the file at `caFile`, e.g. NODE_EXTRA_CA_CERTS).
// Every POST to a subscription's endpoint is checked as a real push service checks it:
//
//   1. the endpoint names a live subscription     else 404 (unknown) / 410 (unsubscribed)
//   2. TTL present; Urgency and Topic well formed  else 400
//   3. Authorization: vapid t=<ES256 JWT>, k=<key> else 401 (RFC 8292: aud = this origin,
//      exp in the future and ≤ 24 h away, sub present); 403 when k is not the subscription's
//      applicationServerKey or the service's `expectedPublicKey`. A header whose signature
//      verified once is not verified again (its claims are checked every time)
//   4. Content-Encoding aes128gcm, ≤ 4096 bytes    else 415 / 413
//   5. the body decrypts (http_ece, with the subscription's private key and auth secret, an
//      implementation independent of the sender's)  else 400; with `decryption: 'deferred'`
//      accepted first and decrypted by decryptDeferred() (a refusal after the fact)
//   6. a failure scripted with failNext()          answers that status (Retry-After if given)
//   7. accepted: 201 with a Location
//
// Every request is recorded (requests()); accepted ones are messages(). Keep-alive connections
// are served and numbered, so tests can see a sender reusing them.
//
//   const push = await LocalPushService.start({ expectedPublicKey });
//   const { subscription } = push.createSubscription();   // PushSubscription.toJSON()-shaped
//   await webpush.sendNotification(subscription, 'hi', { vapidDetails, agent });
//   const message = await push.waitForMessage((m) => m.plaintext === 'hi');
//   push.failNext(subscription.endpoint, 429, { retryAfter: 2 });
//   push.onMessage((message, sub) => …);                  // e.g. forward to a browser
//   await push.close();
import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';
import { selfSignedCertificate } from './selfSignedCertificate';
import { VapidError, VapidVerifier, type VapidClaims } from './vapidAuthorization';

export type PushScheme = 'http' | 'https';
export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

/** What `PushSubscription.toJSON()` returns in a browser. */
export interface PushSubscriptionJSONLike {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface TestSubscription {
  id: string;
  subscription: PushSubscriptionJSONLike;
  /** The VAPID key the subscription was made with; pushes signed by another key get 403. */
  applicationServerKey?: string;
  /** Free text for the test (whose device this is). */
  label?: string;
  /** Set by removeSubscription(): the endpoint now answers 410. */
  removed: boolean;
}

export interface CreateSubscriptionOptions {
  scheme?: PushScheme;
  applicationServerKey?: string;
  label?: string;
}

export interface PushRecord {
  id: string;
  /** accepted; refused as invalid (4xx); or answered with a failure scripted by failNext(). */
  outcome: 'accepted' | 'refused' | 'failed';
  status: number;
  error?: { code: string; message: string };
  endpoint: string;
  subscriptionId?: string;
  receivedAt: number;
  headers: IncomingHttpHeaders;
  ttl?: number;
  urgency?: Urgency;
  topic?: string;
  claims?: VapidClaims;
  /** The `k` the request was signed with (base64url). */
  vapidKey?: string;
  /** The decrypted payload as UTF-8 (undefined for an empty push or one that did not decrypt). */
  plaintext?: string;
  bodyBytes: number;
  /** Which connection carried it (numbered from 1 per service): equal numbers mean reuse. */
  connectionId: number;
}

export interface FailureOptions {
  /** How many of the next valid requests get this answer (default 1). */
  count?: number;
  /** Retry-After value: seconds, or an HTTP date. */
  retryAfter?: number | string;
}

export type MessageListener = (
  message: PushRecord,
  subscription: TestSubscription,
) => void | Promise<void>;

export interface LocalPushServiceOptions {
  /** Refuse (403) pushes not signed with this VAPID public key, base64url. */
  expectedPublicKey?: string;
  /** The scheme createSubscription() uses unless told otherwise (default https). */
  scheme?: PushScheme;
  /**
   * When bodies are decrypted: 'on-receipt' (default; an undecryptable body is refused with 400)
   * or 'deferred' — accepted after every other check and decrypted by decryptDeferred(), as a
   * real push service never decrypts and the browser does so later. For the push benchmark, which
   * runs this service on the same cores as the sender it measures; listeners and
   * waitForMessage() see no plaintext until decryptDeferred() has run.
   */
  decryption?: 'on-receipt' | 'deferred';
}

export interface DeferredDecryption {
  decrypted: number;
  /** Messages whose body did not decrypt; their records are now refused ('undecryptable'). */
  failed: number;
  firstFailure?: { code: string; message: string };
}

/** RFC 8291 §4: a push message body is at most 4096 octets. */
const MAX_BODY_BYTES = 4096;
const URGENCIES: readonly string[] = ['very-low', 'low', 'normal', 'high'];

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Subscriber extends TestSubscription {
  ecdh: ECDH;
  scheme: PushScheme;
}

interface ScriptedFailure {
  status: number;
  remaining: number;
  retryAfter?: number | string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The plaintext of an aes128gcm body (RFC 8291) for `subscriber`, or a 400 Refusal. */
function decryptBody(body: Buffer, subscriber: Subscriber): string {
  try {
    return ece
      .decrypt(body, {
        version: 'aes128gcm',
        privateKey: subscriber.ecdh,
        authSecret: subscriber.subscription.keys.auth,
      })
      .toString('utf8');
  } catch (error) {
    throw new Refusal(400, 'undecryptable', `the body does not decrypt: ${String(error)}`);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export class LocalPushService {
  readonly httpOrigin: string;
  readonly httpsOrigin: string;
  /** The HTTPS listener's certificate (self-signed: it is its own CA), PEM. */
  readonly certificatePem: string;
  /** A file holding certificatePem, for NODE_EXTRA_CA_CERTS; removed by close(). */
  readonly caFile: string;
  expectedPublicKey: string | undefined;

  private readonly subscribers = new Map<string, Subscriber>();
  private readonly failures = new Map<string, ScriptedFailure[]>();
  private readonly records: PushRecord[] = [];
  private readonly listeners = new Set<MessageListener>();
  private readonly waiters = new Set<(record: PushRecord) => void>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private readonly vapid = new VapidVerifier();
  /** Accepted records whose bodies await decryptDeferred(), with their subscribers. */
  private readonly undecrypted: Array<{
    record: PushRecord;
    subscriber: Subscriber;
    body: Buffer;
  }> = [];
  private connections = 0;
  /** Errors thrown by onMessage listeners, so a test can assert there were none. */
  readonly listenerErrors: unknown[] = [];

  private constructor(
    private readonly servers: { http: http.Server; https: https.Server },
    ports: { http: number; https: number },
    certificatePem: string,
    private readonly tempDir: string,
    private readonly options: LocalPushServiceOptions,
  ) {
    this.httpOrigin = `http://127.0.0.1:${ports.http}`;
    this.httpsOrigin = `https://127.0.0.1:${ports.https}`;
    this.certificatePem = certificatePem;
    this.caFile = join(tempDir, 'local-push-ca.pem');
    writeFileSync(this.caFile, certificatePem);
    this.expectedPublicKey = options.expectedPublicKey;
  }

  static async start(options: LocalPushServiceOptions = {}): Promise<LocalPushService> {
    const { certPem, keyPem } = selfSignedCertificate('Tideline local push service');
    const plain = http.createServer({ keepAlive: true });
    const secure = https.createServer({ cert: certPem, key: keyPem, keepAlive: true });
    const ports = { http: await listen(plain), https: await listen(secure) };
    const tempDir = mkdtempSync(join(tmpdir(), 'tideline-push-'));
    const service = new LocalPushService(
      { http: plain, https: secure },
      ports,
      certPem,
      tempDir,
      options,
    );
    for (const server of [plain, secure]) {
      server.keepAliveTimeout = 60_000;
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        // A sender that hangs up mid-body gets nothing back; that is its own doing.
        service.handle(request, response).catch(() => response.destroy());
      });
    }
    return service;
  }

  /** A new subscription with fresh keys (ECDH P-256 and a 16-byte auth secret). */
  createSubscription(options: CreateSubscriptionOptions = {}): TestSubscription {
    const scheme = options.scheme ?? this.options.scheme ?? 'https';
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const id = randomBytes(18).toString('base64url');
    const origin = scheme === 'https' ? this.httpsOrigin : this.httpOrigin;
    const subscriber: Subscriber = {
      id,
      subscription: {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      },
      applicationServerKey: options.applicationServerKey,
      label: options.label,
      removed: false,
      ecdh,
      scheme,
    };
    this.subscribers.set(id, subscriber);
    return this.publicView(subscriber);
  }

  /** The subscription an endpoint (or id) names, if this service made it. */
  subscription(endpointOrId: string): TestSubscription | undefined {
    const subscriber = this.subscribers.get(this.idOf(endpointOrId));
    return subscriber && this.publicView(subscriber);
  }

  /** Ends a subscription as unsubscribing does: its endpoint answers 410 from now on. */
  removeSubscription(endpointOrId: string): void {
    const subscriber = this.subscribers.get(this.idOf(endpointOrId));
    if (subscriber) subscriber.removed = true;
  }

  /** Answers the next `count` valid requests to this subscription with `status`. */
  failNext(endpointOrId: string, status: number, options: FailureOptions = {}): void {
    const id = this.idOf(endpointOrId);
    if (!this.subscribers.has(id)) throw new Error(`No subscription ${endpointOrId}`);
    const queue = this.failures.get(id) ?? [];
    queue.push({ status, remaining: options.count ?? 1, retryAfter: options.retryAfter });
    this.failures.set(id, queue);
  }

  /** Every request received, in order, refused ones included. */
  requests(): PushRecord[] {
    return [...this.records];
  }

  /** The accepted push messages, in order. */
  messages(filter?: { subscription?: string }): PushRecord[] {
    const id = filter?.subscription && this.idOf(filter.subscription);
    return this.records.filter(
      (record) => record.outcome === 'accepted' && (!id || record.subscriptionId === id),
    );
  }

  /** Resolves with the first accepted message (already received or yet to come) that matches. */
  waitForMessage(
    predicate: (message: PushRecord) => boolean = () => true,
    timeout = 10_000,
  ): Promise<PushRecord> {
    const found = this.messages().find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = (record: PushRecord) => {
        if (record.outcome !== 'accepted' || !predicate(record)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(record);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`No matching push message within ${timeout} ms`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** Calls `listener` for every accepted message (after it is recorded); returns an unsubscribe. */
  onMessage(listener: MessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many connections senders have opened so far. */
  connectionCount(): number {
    return this.connections;
  }

  async close(): Promise<void> {
    for (const server of [this.servers.http, this.servers.https]) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private idOf(endpointOrId: string): string {
    const match = /\/push\/([^/?#]+)$/.exec(endpointOrId);
    return match ? match[1]! : endpointOrId;
  }

  private publicView(subscriber: Subscriber): TestSubscription {
    const { id, subscription, applicationServerKey, label, removed } = subscriber;
    return { id, subscription, applicationServerKey, label, removed };
  }

  private connectionOf(socket: Socket): number {
    let id = this.connectionIds.get(socket);
    if (id === undefined) {
      id = ++this.connections;
      this.connectionIds.set(socket, id);
    }
    return id;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const secure = 'encrypted' in request.socket;
    const origin = secure ? this.httpsOrigin : this.httpOrigin;
    const record: PushRecord = {
      id: randomUUID(),
      outcome: 'refused',
      status: 0,
      endpoint: `${origin}${request.url ?? ''}`,
      receivedAt: Date.now(),
      headers: request.headers,
      bodyBytes: body.length,
      connectionId: this.connectionOf(request.socket),
    };
    let subscriber: Subscriber | undefined;
    try {
      subscriber = this.check(request, body, record, origin);
      const failure = this.takeFailure(subscriber.id);
      if (failure) {
        record.outcome = 'failed';
        record.status = failure.status;
        record.error = { code: 'scripted', message: `failure scripted by failNext()` };
        const retryAfter: Record<string, string> =
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
        this.answer(response, failure.status, record.error, retryAfter);
      } else {
        record.outcome = 'accepted';
        record.status = 201;
        response
          .writeHead(201, { location: `${origin}/message/${record.id}`, ttl: String(record.ttl) })
          .end();
      }
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : error instanceof VapidError
            ? new Refusal(error.status, error.code, error.message)
            : new Refusal(400, 'bad-request', String(error));
      record.status = refusal.status;
      record.error = { code: refusal.code, message: refusal.message };
      this.answer(response, refusal.status, record.error);
    }
    this.records.push(record);
    for (const waiter of [...this.waiters]) waiter(record);
    if (record.outcome === 'accepted' && subscriber) {
      const view = this.publicView(subscriber);
      for (const listener of this.listeners) {
        void Promise.resolve()
          .then(() => listener(record, view))
          .catch((error: unknown) => this.listenerErrors.push(error));
      }
    }
  }

  /** Steps 1–5 of the header comment; fills in the record; throws a Refusal or VapidError. */
  private check(
    request: IncomingMessage,
    body: Buffer,
    record: PushRecord,
    origin: string,
  ): Subscriber {
    const path = new URL(request.url ?? '/', origin).pathname;
    const subscriber = this.subscribers.get(/^\/push\/([^/]+)$/.exec(path)?.[1] ?? '');
    if (!subscriber || subscriber.scheme !== (origin === this.httpsOrigin ? 'https' : 'http')) {
      throw new Refusal(404, 'unknown-subscription', 'no subscription at this endpoint');
    }
    record.subscriptionId = subscriber.id;
    if (subscriber.removed) throw new Refusal(410, 'unsubscribed', 'the subscription has ended');
    if (request.method !== 'POST') throw new Refusal(405, 'method', 'push with POST');

    const ttl = header(request.headers, 'ttl');
    if (ttl === undefined) throw new Refusal(400, 'missing-ttl', 'the TTL header is required');
    if (!/^\d+$/.test(ttl)) throw new Refusal(400, 'bad-ttl', 'TTL must be whole seconds');
    record.ttl = Number(ttl);
    const urgency = header(request.headers, 'urgency');
    if (urgency !== undefined && !URGENCIES.includes(urgency)) {
      throw new Refusal(400, 'bad-urgency', `Urgency must be one of ${URGENCIES.join(', ')}`);
    }
    record.urgency = urgency as Urgency | undefined;
    const topic = header(request.headers, 'topic');
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) {
      throw new Refusal(400, 'bad-topic', 'Topic must be 1–32 base64url characters');
    }
    record.topic = topic;

    const { claims, publicKey } = this.vapid.verify(
      header(request.headers, 'authorization'),
      origin,
    );
    record.claims = claims;
    record.vapidKey = publicKey;
    for (const expected of [subscriber.applicationServerKey, this.expectedPublicKey]) {
      if (expected && publicKey !== expected) {
        throw new VapidError('unexpected-key', 'k is not the key this subscription uses', 403);
      }
    }

    if (body.length > 0) {
      const encoding = header(request.headers, 'content-encoding');
      if (encoding !== 'aes128gcm') {
        throw new Refusal(415, 'bad-encoding', 'Content-Encoding must be aes128gcm');
      }
      if (body.length > MAX_BODY_BYTES) {
        throw new Refusal(413, 'too-large', `the body is over ${MAX_BODY_BYTES} bytes`);
      }
      if (this.options.decryption === 'deferred') {
        this.undecrypted.push({ record, subscriber, body });
      } else {
        record.plaintext = decryptBody(body, subscriber);
      }
    }
    return subscriber;
  }

  /**
   * With `decryption: 'deferred'`: decrypts every accepted body not yet decrypted, filling in
   * each record's plaintext; a body that does not decrypt turns its record into a refusal.
   */
  decryptDeferred(): DeferredDecryption {
    const result: DeferredDecryption = { decrypted: 0, failed: 0 };
    for (const { record, subscriber, body } of this.undecrypted.splice(0)) {
      try {
        record.plaintext = decryptBody(body, subscriber);
        result.decrypted += 1;
      } catch (error) {
        const refusal = error as Refusal;
        record.outcome = 'refused';
        record.status = refusal.status;
        record.error = { code: refusal.code, message: refusal.message };
        result.failed += 1;
        result.firstFailure ??= record.error;
      }
    }
    return result;
  }

  private takeFailure(id: string): ScriptedFailure | undefined {
    const queue = this.failures.get(id);
    const failure = queue?.[0];
    if (!queue || !failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) queue.shift();
    return failure;
  }

  private answer(
    response: ServerResponse,
    status: number,
    error: { code: string; message: string },
    headers: Record<string, string> = {},
  ): void {
    response
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify({ error }));
  }
}
