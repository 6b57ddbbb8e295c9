// What the API fuzzer sends: fast-check arbitraries for whole requests (route, method, path
// parameters, query, credentials, Origin, content type, body), and how one is turned into an
// inject() call against the world. Values that name the world's ids stay symbolic (`Ref`) until
// the request is made.
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { SESSION_COOKIE } from '../../auth/cookies.js';
import { APP_ORIGIN } from '../apiHarness.js';
import { bodyFor, TEMPLATES, type Body } from './fuzzBodies.js';
import { REF_NAMES, Ref, type FuzzRoute, type FuzzWorld, type RefName } from './fuzzWorld.js';

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

/** The ids a parameter of this name usually takes: anyone's, so other accounts' too. */
const LIKELY_REFS: Readonly<Record<string, readonly RefName[]>> = {
  notebookId: ['aliceNotebook', 'bobPrivateNotebook', 'bobSharedNotebook'],
  entryId: ['aliceEntry', 'bobPrivateEntry', 'bobSharedEntry'],
  userId: ['aliceId', 'bobId'],
  inviteId: ['aliceInviteId', 'bobPrivateInviteId', 'bobSharedInviteId'],
  token: ['aliceInviteToken', 'revokedToken'],
  id: ['bobSessionId'],
};

/** A path parameter: one of the world's ids, or something no route should choke on. */
const paramValue = (name: string): fc.Arbitrary<ParamValue> =>
  fc.oneof(
    {
      weight: LIKELY_REFS[name] ? 8 : 0,
      arbitrary: fc.constantFrom(...(LIKELY_REFS[name] ?? REF_NAMES)).map((ref) => new Ref(ref)),
    },
    { weight: 4, arbitrary: ref },
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
        Object.fromEntries(paramNames(picked.url).map((name) => [name, paramValue(name)])),
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
