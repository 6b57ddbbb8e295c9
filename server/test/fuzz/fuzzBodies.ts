// Request bodies for the API fuzzer: shaped like what each route expects (push batches of
// well-formed and broken mutations aimed at anyone's notebooks, pull cursors, invite settings,
// credentials), random JSON, text no JSON parser should take lightly, bytes that are not UTF-8,
// and bodies around the size limit. Ids stay symbolic (`Ref`) until the request is made.
// Kept whole past 300 lines: one grammar whose arbitraries build on one another, read top down.
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../app.js';
import { PASSWORD, REF_NAMES, Ref } from './fuzzWorld.js';

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: readonly number[] }
  | { kind: 'huge'; bytes: number };

const ref = fc.constantFrom(...REF_NAMES).map((name) => new Ref(name));

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
      'entry.restore',
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
    name: fc.constantFrom('entry.delete', 'entry.restore'),
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
export const TEMPLATES: Record<string, fc.Arbitrary<unknown>> = {
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
  '/api/notebooks/:notebookId/invites': fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record(
        {
          role: fc.constantFrom('viewer', 'editor'),
          expiresInHours: fc.integer({ min: 1, max: 720 }),
          maxUses: fc.integer({ min: 1, max: 50 }),
        },
        { requiredKeys: ['role'] },
      ),
    },
    fc.record(
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
  '/api/auth/password-reset': fc.record(
    { email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 }), scalar) },
    { requiredKeys: [] },
  ),
  '/api/auth/password-reset/confirm': fc.record(
    {
      token: fc.oneof(fc.base64String({ maxLength: 60 }), fc.string({ maxLength: 120 }), scalar),
      newPassword: fc.oneof(fc.string({ maxLength: 210 }), scalar),
    },
    { requiredKeys: [] },
  ),
  '/api/auth/password': fc.record(
    {
      currentPassword: fc.oneof(
        { weight: 2, arbitrary: fc.constant(PASSWORD) },
        fc.string({ maxLength: 210 }),
        scalar,
      ),
      newPassword: fc.oneof(
        { weight: 2, arbitrary: fc.constant(PASSWORD) },
        fc.string({ maxLength: 210 }),
        scalar,
      ),
    },
    { requiredKeys: [] },
  ),
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

export function bodyFor(url: string): fc.Arbitrary<Body> {
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
