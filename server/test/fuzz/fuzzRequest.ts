// What the API fuzzer sends: fast-check arbitraries for whole requests (route, method, path
// parameters, query, credentials, Origin, content type, body), and how one is turned into an
// inject() call against the world. Values that name the world's ids stay symbolic (`Ref`) until
// the request is made.
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { SESSION_COOKIE } from '../../auth/cookies.js';
import { BODY_LIMIT_BYTES } from '../../app.js';
import { APP_ORIGIN } from '../apiHarness.js';
import { PASSWORD, REF_NAMES, Ref, type FuzzRoute, type FuzzWorld } from './fuzzWorld.js';

/** Whose credentials, and in what shape, a request carries. */
export const AUTHS = [
  'none',
  'cookie',
  'bearer',
  'cookieAndBearer',
  'revokedBearer',
  'revokedCookie',
  'garbageCookie',
  'malformedCookieHeader',
  'basicAuth',
  'bearerWithSpaces',
  'emptyBearer',
] as const;
export type Auth = (typeof AUTHS)[number];

export const ORIGINS = ['app', 'none', 'evil', 'null', 'appWithPath', 'garbage'] as const;
export type Origin = (typeof ORIGINS)[number];

export type ParamValue = Ref | { raw: string } | string;

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: readonly number[] }
  | { kind: 'huge'; bytes: number };

export interface FuzzRequest {
  route: FuzzRoute;
  /** The route's own method, or another one. */
  method: string;
  params: Record<string, ParamValue>;
  query: string;
  auth: Auth;
  origin: Origin;
  secFetchSite: 'same-origin' | 'cross-site' | undefined;
  contentType: string | undefined;
  body: Body;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const ref = fc.constantFrom(...REF_NAMES).map((name) => new Ref(name));

/** A path parameter: one of the world's ids, or something no route should choke on. */
const paramValue: fc.Arbitrary<ParamValue> = fc.oneof(
  { weight: 6, arbitrary: ref },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '%C3%28',
        '%FF%FE',
        '%00',
        '%2F..%2F',
        '..',
        '%E2%82',
        '%',
        '%zz',
        'a'.repeat(5_000),
        '%F0%9F%98%80',
        'null',
        '-1',
        '0',
        '1e999',
      )
      .map((raw) => ({ raw })),
  },
);

/** Keys a body might plausibly carry, so the schemas get past their first check. */
const bodyKey = fc.oneof(
  fc.constantFrom(
    'clientId',
    'mutations',
    'cursors',
    'limit',
    'ackRejections',
    'email',
    'password',
    'name',
    'deviceName',
    'role',
    'expiresInHours',
    'maxUses',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }),
);

const scalar = fc.oneof(
  ref,
  fc.integer({ min: -3, max: 10 }),
  fc.constantFrom(
    0,
    -0,
    1e308,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    0.5,
    '',
    'viewer',
    'editor',
    'owner',
    'mine',
    'theirs',
    true,
    null,
    PASSWORD,
  ),
  fc.string({ maxLength: 30 }),
  fc.emailAddress(),
);

const notebookRef = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('aliceNotebook', 'bobPrivateNotebook', 'bobSharedNotebook'),
    },
    { weight: 1, arbitrary: fc.constantFrom(...REF_NAMES) },
  )
  .map((name) => new Ref(name));
const entryRef = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom('aliceEntry', 'bobPrivateEntry', 'bobSharedEntry') },
    { weight: 1, arbitrary: fc.constantFrom(...REF_NAMES) },
  )
  .map((name) => new Ref(name));

/** Entry fields: valid values most of the time, so a put gets as far as the database. */
const entryFields = fc.record(
  {
    title: fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
      scalar,
      fc.string({ minLength: 201, maxLength: 260 }),
    ),
    body: fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 200, unit: 'grapheme' }) },
      scalar,
    ),
    tags: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }),
      },
      fc.array(fc.string({ maxLength: 50 }), { maxLength: 25 }),
      scalar,
    ),
    done: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, scalar),
    location: fc.oneof(
      fc.constant(null),
      fc.record({ lat: fc.double(), lng: fc.double(), accuracy: fc.double() }),
      fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lng: fc.double({ min: -180, max: 180, noNaN: true }),
      }),
      scalar,
    ),
    color: scalar,
  },
  { requiredKeys: [] },
);

const mutationArgs = fc.record(
  {
    id: fc.oneof(entryRef, notebookRef, fc.uuid(), scalar),
    notebookId: fc.oneof({ weight: 3, arbitrary: notebookRef }, fc.uuid(), scalar),
    baseVersion: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, scalar),
    fields: fc.oneof({ weight: 4, arbitrary: entryFields }, scalar),
    name: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 30 }) }, scalar),
    keep: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('mine', 'theirs') }, scalar),
    historyIds: fc.oneof(fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 5 }), scalar),
    extra: scalar,
  },
  { requiredKeys: [] },
);

const mutationName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'notebook.create',
      'notebook.rename',
      'notebook.delete',
      'entry.put',
      'entry.delete',
      'entry.resolve',
    ),
  },
  fc.constantFrom('toString', '__proto__', 'hasOwnProperty', 'entry.', ''),
  fc.string({ maxLength: 70 }),
);

const validFields = fc.record(
  {
    title: fc.string({ maxLength: 40 }),
    body: fc.string({ maxLength: 100, unit: 'grapheme' }),
    tags: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 }),
    done: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Mutations whose arguments have the right shape, aimed at anyone's notebooks and entries. */
const wellFormedMutation = fc.oneof(
  fc.record({
    name: fc.constant('notebook.create'),
    args: fc.record({
      id: fc.oneof(fc.uuid(), notebookRef),
      name: fc.string({ minLength: 1, maxLength: 20 }),
    }),
  }),
  fc
    .record({
      name: fc.constantFrom('notebook.rename', 'notebook.delete'),
      args: fc.record({ id: notebookRef, name: fc.string({ minLength: 1, maxLength: 20 }) }),
    })
    .map((m) => (m.name === 'notebook.delete' ? { ...m, args: { id: m.args.id } } : m)),
  fc.record({
    name: fc.constant('entry.put'),
    args: fc.record({
      id: fc.oneof(entryRef, fc.uuid()),
      notebookId: notebookRef,
      baseVersion: fc.integer({ min: 0, max: 6 }),
      fields: validFields,
    }),
  }),
  fc.record({
    name: fc.constant('entry.delete'),
    args: fc.record({ id: fc.oneof(entryRef, fc.uuid()), notebookId: notebookRef }),
  }),
  fc.record({
    name: fc.constant('entry.resolve'),
    args: fc.record(
      {
        id: entryRef,
        notebookId: notebookRef,
        keep: fc.constantFrom('mine', 'theirs'),
        historyIds: fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 3 }),
      },
      { requiredKeys: ['id', 'notebookId', 'keep'] },
    ),
  }),
);

const mutation = fc.oneof(
  wellFormedMutation.map((m) => ({ id: 1, ...m })),
  fc.record(
    {
      id: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constantFrom(1e15, 1.5, '1')),
      name: mutationName,
      args: fc.oneof({ weight: 5, arbitrary: mutationArgs }, fc.jsonValue()),
    },
    { requiredKeys: ['id', 'name'] },
  ),
);

/** A push's mutations: numbered 1, 2, 3… (what a new client sends) or anyhow. */
const mutations = fc.oneof(
  fc
    .array(mutation, { maxLength: 8 })
    .map((list) => list.map((m, index) => ({ ...m, id: index + 1 }))),
  fc.array(mutation, { maxLength: 6 }),
);

const clientId = fc.oneof(
  { weight: 3, arbitrary: fc.uuid() },
  fc.constantFrom('aliceClientId', 'bobClientId').map((name) => new Ref(name)),
  scalar,
);

const cursor = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      version: fc.integer({ min: 0, max: 8 }),
      horizon: fc.integer({ min: 0, max: 8 }),
    }),
  },
  fc.record({ version: scalar, horizon: scalar }, { requiredKeys: [] }),
  scalar,
);

/** Bodies shaped like what each route expects, with something wrong in some of them. */
const TEMPLATES: Record<string, fc.Arbitrary<unknown>> = {
  '/api/sync/push': fc.oneof(
    { weight: 3, arbitrary: fc.record({ clientId: fc.oneof(fc.uuid(), clientId), mutations }) },
    fc.record(
      {
        clientId,
        mutations: fc.oneof({ weight: 4, arbitrary: mutations }, scalar),
        ackRejections: fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 4 }),
        extra: scalar,
      },
      { requiredKeys: ['clientId', 'mutations'] },
    ),
  ),
  '/api/sync/pull': fc.oneof(
    fc.record({
      clientId,
      cursors: fc.dictionary(notebookRef.map(String), cursor, { maxKeys: 3 }),
    }),
    fc.record(
      {
        clientId,
        cursors: fc.oneof(
          {
            weight: 3,
            arbitrary: fc.dictionary(
              fc.oneof(notebookRef, fc.uuid(), fc.string()).map(String),
              cursor,
              { maxKeys: 4 },
            ),
          },
          scalar,
        ),
        limit: fc.oneof(fc.integer({ min: -1, max: 3000 }), scalar),
        ackRejections: fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 4 }),
      },
      { requiredKeys: ['clientId', 'cursors'] },
    ),
  ),
  '/api/notebooks/:notebookId/invites': fc.record(
    {
      role: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('viewer', 'editor', 'owner') },
        scalar,
      ),
      expiresInHours: fc.oneof(fc.integer({ min: -1, max: 800 }), scalar),
      maxUses: fc.oneof(fc.integer({ min: -1, max: 2000 }), scalar),
    },
    { requiredKeys: [] },
  ),
  '/api/notebooks/:notebookId/members/:userId': fc.record(
    {
      role: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('viewer', 'editor', 'owner') },
        scalar,
      ),
    },
    { requiredKeys: [] },
  ),
  '/api/auth/sign-in': credentialsBody(),
  '/api/auth/sign-up': credentialsBody(),
  '/api/auth/tokens': credentialsBody(),
};

function credentialsBody(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 }), scalar),
      password: fc.oneof(
        { weight: 2, arbitrary: fc.constant(PASSWORD) },
        fc.string({ maxLength: 210 }),
        scalar,
      ),
      name: fc.oneof(fc.string({ maxLength: 90 }), scalar),
      deviceName: fc.oneof(fc.string({ maxLength: 90 }), scalar),
    },
    { requiredKeys: ['email', 'password'] },
  );
}

const bodyValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(mutation, { maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.oneof(ref, fc.string({ maxLength: 10 })).map(String),
      fc.oneof(fc.record({ version: scalar, horizon: scalar }), scalar),
      { maxKeys: 3 },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const shapedBody = fc.dictionary(bodyKey, bodyValue, { maxKeys: 5 });

/** Text no JSON parser should accept, or should accept only with care. */
const oddText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"clientId":',
    '{"a":1}{"b":2}',
    'null',
    '[]',
    '"string"',
    '1e999',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    '\uFEFF{}',
    '{"mutations":[{"id":1,"name":"entry.put","args":{"fields":{"title":"\\uD800"}}}]}',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc
    .integer({ min: 1, max: 5_000 })
    .map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
);

/** Bytes that are not UTF-8 inside otherwise plausible JSON. */
const badUtf8 = fc.oneof(
  fc.constantFrom(
    [0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d],
    [0xc3, 0x28],
    [0xed, 0xa0, 0x80],
    [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
    [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d],
  ),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => [...bytes]),
);

function bodyFor(url: string): fc.Arbitrary<Body> {
  const template = TEMPLATES[url];
  return fc.oneof(
    {
      weight: template ? 12 : 0,
      arbitrary: (template ?? fc.constant({})).map((value) => ({ kind: 'json' as const, value })),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 8, arbitrary: shapedBody.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })),
    },
    { weight: 3, arbitrary: oddText.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: badUtf8.map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(BODY_LIMIT_BYTES - 10, BODY_LIMIT_BYTES + 1, BODY_LIMIT_BYTES * 3)
        .map((bytes) => ({ kind: 'huge' as const, bytes })),
    },
  );
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/merge-patch+json',
      'application/json, text/plain',
      ';;;',
      'text/event-stream',
    ),
  },
);

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  fc.constantFrom(
    '?',
    '?a=1&a=2',
    '?__proto__[x]=1',
    '?%FF=%FE',
    '?limit=-1',
    '?x=' + 'y'.repeat(3000),
  ),
  fc.string({ maxLength: 30 }).map((text) => `?${encodeURIComponent(text)}=1`),
);

/** Requests against the world's routes; the route's own method most of the time. */
export function fuzzRequest(routes: readonly FuzzRoute[]): fc.Arbitrary<FuzzRequest> {
  // Routes that take a body shaped by a template get more turns: they hold most of the logic.
  const route = fc.oneof(
    ...routes.map((picked) => ({
      weight: TEMPLATES[picked.url] !== undefined && picked.method === 'POST' ? 4 : 1,
      arbitrary: fc.constant(picked),
    })),
  );
  return route.chain((picked) =>
    fc.record({
      route: fc.constant(picked),
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constant(picked.method) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      params: fc.record(
        Object.fromEntries(paramNames(picked.url).map((name) => [name, paramValue])),
      ) as fc.Arbitrary<Record<string, ParamValue>>,
      query,
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('cookie', 'bearer', 'cookie', 'bearer', 'none') },
        { weight: 3, arbitrary: fc.constantFrom(...AUTHS) },
      ) as fc.Arbitrary<Auth>,
      origin: fc.oneof(
        { weight: 5, arbitrary: fc.constant('app' as const) },
        { weight: 2, arbitrary: fc.constantFrom(...ORIGINS) },
      ),
      secFetchSite: fc.constantFrom(undefined, 'same-origin', 'cross-site'),
      contentType,
      body: bodyFor(picked.url),
    }),
  );
}

export function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_]\w*)/g)].map((match) => match[1]!);
}

function resolveParam(value: ParamValue, world: FuzzWorld): string {
  if (value instanceof Ref) return world.refs[value.name];
  if (typeof value === 'object') return value.raw;
  return encodeURIComponent(value);
}

function credentialHeaders(auth: Auth, world: FuzzWorld): Record<string, string> {
  const { cookieToken, bearerToken } = world.credentials;
  const revoked = world.refs.revokedToken;
  switch (auth) {
    case 'none':
      return {};
    case 'cookie':
      return { cookie: `${SESSION_COOKIE}=${cookieToken}` };
    case 'bearer':
      return { authorization: `Bearer ${bearerToken}` };
    case 'cookieAndBearer':
      return { cookie: `${SESSION_COOKIE}=${cookieToken}`, authorization: `Bearer ${bearerToken}` };
    case 'revokedBearer':
      return { authorization: `Bearer ${revoked}` };
    case 'revokedCookie':
      return { cookie: `${SESSION_COOKIE}=${revoked}` };
    case 'garbageCookie':
      return { cookie: `${SESSION_COOKIE}=%E0%A4%A; other=1` };
    case 'malformedCookieHeader':
      return { cookie: `;;=;${SESSION_COOKIE};${SESSION_COOKIE}==x=` };
    case 'basicAuth':
      return { authorization: 'Basic YWxpY2U6cGFzc3dvcmQ=' };
    case 'bearerWithSpaces':
      return { authorization: `Bearer ${bearerToken} extra` };
    case 'emptyBearer':
      return { authorization: 'Bearer ' };
  }
}

const ORIGIN_VALUES: Record<Origin, string | undefined> = {
  app: APP_ORIGIN,
  none: undefined,
  evil: 'https://evil.example',
  null: 'null',
  appWithPath: `${APP_ORIGIN}/`,
  garbage: '\u00ff\u00fe',
};

const REF_KEY = /^ref\((\w+)\)$/;

/** The value with every `Ref`, and every object key written `ref(name)`, replaced by its id. */
function resolveRefs(value: unknown, world: FuzzWorld): unknown {
  if (value instanceof Ref) return world.refs[value.name];
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, world));
  if (typeof value !== 'object' || value === null) return value;
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = REF_KEY.exec(key)?.[1] as keyof FuzzWorld['refs'] | undefined;
    const id = name !== undefined ? world.refs[name] : undefined;
    // defineProperty, so a generated "__proto__" key stays an own key as JSON would send it.
    Object.defineProperty(resolved, id ?? key, {
      value: resolveRefs(item, world),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return resolved;
}

function payloadOf(body: Body, world: FuzzWorld): string | Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return JSON.stringify(resolveRefs(body.value, world));
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'huge':
      return `{"mutations":[],"pad":"${'x'.repeat(body.bytes)}"}`;
  }
}

/** The inject() options for a fuzzed request, with the world's ids filled in. */
export function toInjectOptions(request: FuzzRequest, world: FuzzWorld): InjectOptions {
  const path = request.route.url.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) =>
    resolveParam(request.params[name] ?? '', world),
  );
  const headers: Record<string, string> = credentialHeaders(request.auth, world);
  const origin = ORIGIN_VALUES[request.origin];
  if (origin !== undefined) headers.origin = origin;
  if (request.secFetchSite !== undefined) headers['sec-fetch-site'] = request.secFetchSite;
  const payload = payloadOf(request.body, world);
  if (request.contentType !== undefined && payload !== undefined) {
    headers['content-type'] = request.contentType;
  }
  return {
    method: request.method as InjectOptions['method'],
    url: path + request.query,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  };
}
