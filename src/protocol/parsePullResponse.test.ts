// The hand-written pull response checks against the zod schema they stand in for: on valid
// responses, on responses with broken or missing fields and unknown keys, and on random values,
// both accept exactly the same inputs and return the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttachmentLimits } from './attachments.js';
import { Limits } from './limits.js';
import { checkPullResponse, pullResponseParser } from './parsePullResponse.js';
import { pullResponseSchema } from './sync.js';
import { encodeTrackPoints } from './trackCodec.js';

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

/** Text the protocol accepts holds no U+0000 (see text.ts); the limit values below carry some. */
const withoutNul = (text: fc.Arbitrary<string>) =>
  text.filter((value) => !value.includes('\u0000'));

const specialNumbers = fc.constantFrom(
  -1,
  -0,
  0.5,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
);

/**
 * Pull responses: valid ones, or (`broken`) ones where any value may be of the wrong type or
 * out of range, objects may lose a key or gain one, and strings sit on their length limits.
 */
function responses(broken: boolean) {
  /** Mostly valid values; when broken, sometimes one of the invalid ones. */
  function mostly<T>(valid: fc.Arbitrary<T>, ...invalid: fc.Arbitrary<unknown>[]) {
    if (!broken) return valid as fc.Arbitrary<unknown>;
    return fc.oneof(
      { arbitrary: valid as fc.Arbitrary<unknown>, weight: 12 },
      ...invalid.map((arbitrary) => ({ arbitrary, weight: 1 })),
    );
  }

  /** Objects sometimes carry a key the schema does not know (or overwrite one of theirs). */
  function withExtraKey(record: fc.Arbitrary<Record<string, unknown>>) {
    if (!broken) return record;
    const extra = fc.dictionary(
      fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('title', 'id', 'version', 'extra')),
      junk,
      { maxKeys: 1 },
    );
    return fc
      .tuple(record, fc.option(extra, { freq: 6 }))
      .map(([value, more]) => (more ? { ...value, ...more } : value));
  }

  /** Some objects lose a key. */
  function withMissingKey(record: fc.Arbitrary<Record<string, unknown>>) {
    if (!broken) return record;
    return fc.tuple(record, fc.option(fc.nat(), { freq: 8 })).map(([value, drop]) => {
      if (drop === null) return value;
      const keys = Object.keys(value);
      const copy = { ...value };
      if (keys.length > 0) delete copy[keys[drop % keys.length]!];
      return copy;
    });
  }

  function objectOf(model: Record<string, fc.Arbitrary<unknown>>) {
    return mostly(withMissingKey(withExtraKey(fc.record(model))), junk);
  }

  const uuid = mostly(
    fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase())),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('not-a-uuid', '', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5bX'),
    junk,
  );
  const version = mostly(fc.nat(), specialNumbers, fc.integer(), junk);
  const mutationId = mostly(
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.constant(0),
    specialNumbers,
    junk,
  );
  const timestamp = mostly(fc.integer({ min: 0, max: 2 ** 42 }), fc.double(), specialNumbers, junk);
  const text = mostly(withoutNul(fc.string({ maxLength: 20, unit: 'grapheme' })), junk);
  const bool = mostly(fc.boolean(), junk);

  const title = mostly(
    withoutNul(fc.string({ maxLength: 60, unit: 'grapheme' })),
    fc.constantFrom(
      'x'.repeat(Limits.titleMax),
      'x'.repeat(Limits.titleMax + 1),
      '😀'.repeat(Limits.titleMax / 2),
      '😀'.repeat(Limits.titleMax / 2 + 1),
    ),
    junk,
  );
  // Bodies around the byte limit: one, two, three and four UTF-8 bytes per character, and lone
  // surrogates (which UTF-8 encodes as three bytes).
  const body = mostly(
    withoutNul(fc.string({ maxLength: 200, unit: 'binary' })),
    fc.constantFrom(
      'a'.repeat(max),
      'a'.repeat(max + 1),
      'é'.repeat(max / 2),
      'é'.repeat(max / 2 + 1),
      '€'.repeat(Math.floor(max / 3)),
      '€'.repeat(Math.floor(max / 3) + 1),
      '😀'.repeat(max / 4),
      '😀'.repeat(max / 4 + 1),
      '\uD800'.repeat(Math.floor(max / 3)),
      '\uD800'.repeat(Math.floor(max / 3) + 1),
      'a'.repeat(max / 3),
      'a'.repeat(max / 3 + 1),
    ),
    junk,
  );
  const tag = mostly(
    withoutNul(fc.string({ minLength: 1, maxLength: 12 })).filter((value) => value.trim() !== ''),
    fc.constantFrom(
      '',
      '   ',
      ' a ',
      '\t\ttide\n',
      'x'.repeat(Limits.tagMax),
      ` ${'x'.repeat(Limits.tagMax)} `,
    ),
    fc.constant('x'.repeat(Limits.tagMax + 1)),
    junk,
  );
  const tags = mostly(
    fc.array(tag, { maxLength: 4 }),
    fc.array(fc.constant('t'), { minLength: Limits.tagsMax, maxLength: Limits.tagsMax + 1 }),
    junk,
  );
  const coordinate = (limit: number) =>
    mostly(fc.double({ min: -limit, max: limit, noNaN: true }), fc.double(), specialNumbers, junk);
  const location = mostly(
    fc.oneof(
      fc.constant(null),
      objectOf({
        latitude: coordinate(90),
        longitude: coordinate(180),
        accuracy: mostly(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.constant(1e7 + 1), junk),
      }),
    ),
    junk,
  );
  const point = fc.record({
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
    t: fc.option(fc.integer({ min: 0, max: 2 ** 42 })),
    ele: fc.option(fc.double({ min: -400, max: 9000, noNaN: true })),
    acc: fc.option(fc.double({ min: 0, max: 1000, noNaN: true })),
  });
  const points = mostly(
    fc.array(point, { maxLength: 5 }).map(encodeTrackPoints),
    // Damaged: cut short, a foreign character, a latitude past the pole, over the size limit.
    fc.constantFrom('A', 'AAA*A', '____A', 'A'.repeat(Limits.trackMaxChars + 5)),
    junk,
  );
  const gapTime = mostly(
    fc.option(fc.integer({ min: 0, max: 2 ** 42 })),
    fc.constantFrom(-1, 8.64e15 + 1),
    specialNumbers,
    junk,
  );
  const gap = objectOf({
    after: mostly(fc.integer({ min: -1, max: 10 }), fc.constant(-2), specialNumbers, junk),
    from: gapTime,
    to: gapTime,
    cause: mostly(
      fc.constantFrom('hidden', 'permission', 'no-fix', 'paused', 'closed', 'segment'),
      fc.constantFrom('Hidden', 'gone'),
      junk,
    ),
  });
  const track = mostly(
    fc.oneof(
      fc.constant(null),
      objectOf({ points, gaps: mostly(fc.array(gap, { maxLength: 3 }), junk) }),
    ),
    junk,
  );
  const due = mostly(
    fc.option(fc.integer({ min: Limits.dueMin, max: Limits.dueMax })),
    fc.constantFrom(Limits.dueMin - 1, Limits.dueMax + 1, Limits.dueMin + 0.5),
    specialNumbers,
    junk,
  );
  const fields = objectOf({ title, body, tags, done: bool, location, track, due });
  const fieldVersions = mostly(
    fc.dictionary(
      fc.constantFrom('title', 'body', 'tags', 'done', 'location', 'track', 'due', 'x', ''),
      version,
      {
        maxKeys: 6,
      },
    ),
    junk,
  );
  const sha = fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 })
    .map((chars) => chars.join(''));
  const attachment = objectOf({
    id: uuid,
    name: mostly(
      withoutNul(fc.string({ minLength: 1, maxLength: 20 })).filter(
        (value) => value.trim() !== '' && !/[/\\]/.test(value),
      ),
      fc.constantFrom(
        '',
        '  ',
        ' photo.jpg ',
        'a/b',
        'a\\b',
        'x'.repeat(AttachmentLimits.nameMax),
        'x'.repeat(AttachmentLimits.nameMax + 1),
        '😀'.repeat(AttachmentLimits.nameMax),
      ),
      junk,
    ),
    type: mostly(
      fc.constantFrom('image/jpeg', 'audio/webm;codecs=opus', 'Application/PDF', 'text/plain; a=b'),
      fc.constantFrom('image', 'image/', '/jpeg', 'image/jpeg; \u0000', `a/${'x'.repeat(126)}`),
      junk,
    ),
    size: mostly(fc.nat(), specialNumbers, junk),
    sha256: mostly(
      sha,
      sha.map((value) => value.toUpperCase()),
      fc.constant('abc'),
      junk,
    ),
    thumbnail: mostly(
      fc.constantFrom(null, 'data:image/jpeg;base64,AAAA', 'data:image/webp;base64,QUJD=='),
      fc.constantFrom(
        'data:image/svg+xml;base64,AAAA',
        'data:image/png;base64,',
        `data:image/png;base64,${'A'.repeat(AttachmentLimits.thumbnailMax)}`,
        'https://example.org/a.png',
      ),
      junk,
    ),
    durationMs: mostly(
      fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 7 * 24 * 3600_000 })),
      fc.constantFrom(-1, 0.5, 7 * 24 * 3600_000 + 1),
      junk,
    ),
    createdAt: timestamp,
    createdBy: text,
    stored: bool,
    version,
  });
  const liveRecord = objectOf({
    id: uuid,
    notebookId: uuid,
    deleted: mostly(fc.constant(false), junk),
    version,
    fields,
    fieldVersions,
    conflicted: bool,
    createdAt: timestamp,
    updatedAt: timestamp,
    createdBy: text,
    updatedBy: text,
    attachments: mostly(fc.array(attachment, { maxLength: 2 }), junk),
  });
  const tombstone = objectOf({
    id: uuid,
    notebookId: uuid,
    deleted: mostly(fc.constant(true), junk),
    version,
  });
  const cursor = objectOf({ version, horizon: version });
  const changes = objectOf({
    notebookId: uuid,
    entries: mostly(fc.array(fc.oneof(liveRecord, tombstone), { maxLength: 4 }), junk),
    cursor,
    hasMore: bool,
    resetRequired: bool,
  });
  const summary = objectOf({
    id: uuid,
    name: text,
    role: mostly(fc.constantFrom('owner', 'editor', 'viewer'), fc.constantFrom('admin', 'Owner')),
    ownerId: text,
    version,
    createdAt: timestamp,
  });
  const rejection = objectOf({
    mutationId,
    name: text,
    code: text,
    message: text,
    at: timestamp,
  });
  return objectOf({
    notebooks: mostly(fc.array(summary, { maxLength: 2 }), junk),
    removedNotebooks: mostly(fc.array(uuid, { maxLength: 2 }), junk),
    changes: mostly(fc.array(changes, { maxLength: 2 }), junk),
    hasMore: bool,
    lastMutationId: mostly(fc.nat(), specialNumbers, junk),
    rejections: mostly(fc.array(rejection, { maxLength: 2 }), junk),
  });
}

const max = Limits.bodyMaxBytes;
/** Values on either side of a limit, of the wrong type, or oddly spelled: one replaces one value. */
const limitValues: unknown[] = [
  Limits.dueMin,
  Limits.dueMin - 1,
  Limits.dueMax,
  Limits.dueMax + 1,
  'x'.repeat(Limits.titleMax + 1),
  '😀'.repeat(Limits.titleMax / 2 + 1),
  'x'.repeat(Limits.tagMax + 1),
  ` ${'x'.repeat(Limits.tagMax)} `,
  '😀'.repeat(Limits.tagMax),
  '😀'.repeat(Limits.tagMax + 1),
  '😀'.repeat(Limits.titleMax),
  `${'😀'.repeat(Limits.titleMax - 1)}\uD800`,
  `${'x'.repeat(Limits.titleMax)}\uDC00`,
  '  ',
  ' tide ',
  'high\u0000water',
  ' \u0000 ',
  'a'.repeat(max + 1),
  'é'.repeat(max / 2 + 1),
  '€'.repeat(Math.floor(max / 3)),
  '€'.repeat(Math.floor(max / 3) + 1),
  '😀'.repeat(max / 4 + 1),
  '\uD800'.repeat(Math.floor(max / 3) + 1),
  'owner',
  'admin',
  '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B',
  '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5',
  Array.from({ length: Limits.tagsMax + 1 }, () => 't'),
  { latitude: 0, longitude: 0, accuracy: 0, extra: true },
  { version: 1, horizon: 0, extra: 1 },
  ' gauge.jpg ',
  'a/b.jpg',
  'x'.repeat(AttachmentLimits.nameMax + 1),
  'IMAGE/JPEG',
  'image/jpeg;codecs=x',
  'data:image/svg+xml;base64,AAAA',
  `data:image/png;base64,${'A'.repeat(AttachmentLimits.thumbnailMax)}`,
  'AB'.repeat(32),
  'ab'.repeat(32),
  7 * 24 * 3600_000 + 1,
];
const nasty = fc.oneof(junk, specialNumbers, fc.constantFrom(...limitValues));

type Path = (string | number)[];

/** Every path to a value inside `value`, containers included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Array.isArray(value)
    ? value.map((child, index) => pathsOf(child, [...prefix, index]))
    : Object.entries(value).map(([key, child]) => pathsOf(child, [...prefix, key]));
  return [prefix, ...children.flat()];
}

type Change =
  { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string };

/** A copy of `value` with one change at `path`. */
function changeAt(value: unknown, path: Path, change: Change): unknown {
  const copy: unknown = structuredClone(value);
  if (path.length === 0) return change.kind === 'replace' ? change.value : copy;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as never)[key], copy) as
    Record<string | number, unknown> | unknown[];
  const key = path.at(-1)!;
  if (change.kind === 'replace') (parent as Record<string | number, unknown>)[key] = change.value;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    const target = (parent as Record<string | number, unknown>)[key];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
      (target as Record<string, unknown>)[change.key] = 1;
    }
  }
  return copy;
}

/** A valid response with exactly one thing wrong (or, now and then, nothing that matters). */
const oneChange = fc
  .tuple(
    responses(false),
    fc.nat(),
    fc.oneof(
      { arbitrary: nasty.map((value): Change => ({ kind: 'replace', value })), weight: 4 },
      fc.constant<Change>({ kind: 'delete' }),
      fc
        .constantFrom('extra', 'title', 'version', '__proto__', 'x')
        .map((key): Change => ({ kind: 'add', key })),
    ),
  )
  .map(([value, pick, change]) => {
    const paths = pathsOf(value);
    return changeAt(value, paths[pick % paths.length]!, change);
  });

/** The parser and the schema agree; for values that came from JSON, so do the checks alone. */
function agree(input: unknown, fromJson: boolean): void {
  const expected = pullResponseSchema.safeParse(input);
  const actual = pullResponseParser.safeParse(input);
  expect(actual.success).toBe(expected.success);
  if (expected.success) expect(actual.data).toStrictEqual(expected.data);
  if (fromJson) {
    const checked = checkPullResponse(input);
    expect(checked !== undefined).toBe(expected.success);
    if (expected.success) expect(checked).toStrictEqual(expected.data);
  }
}

/** One valid page with one live entry (with a location), one tombstone, one rejection. */
function validPage(): Record<string, unknown> {
  const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  return {
    notebooks: [{ id, name: 'Harbour', role: 'editor', ownerId: 'u1', version: 9, createdAt: 1 }],
    removedNotebooks: [id],
    changes: [
      {
        notebookId: id,
        entries: [
          {
            id,
            notebookId: id,
            deleted: false,
            version: 8,
            fields: {
              title: 'Gauge',
              body: 'Low water',
              tags: ['tide'],
              done: false,
              location: { latitude: 1, longitude: 2, accuracy: 3 },
              track: {
                points: encodeTrackPoints([{ lat: 1, lon: 2, t: 3, ele: 4, acc: 5 }]),
                gaps: [{ after: 0, from: 3, to: 9, cause: 'hidden' }],
              },
              due: Limits.dueMin + 60_000,
            },
            fieldVersions: { title: 8 },
            conflicted: false,
            createdAt: 1,
            updatedAt: 2,
            createdBy: 'u1',
            updatedBy: 'u2',
            attachments: [
              {
                id,
                name: 'gauge.jpg',
                type: 'image/jpeg',
                size: 1234,
                sha256: 'ab'.repeat(32),
                thumbnail: 'data:image/jpeg;base64,AAAA',
                durationMs: 1500,
                createdAt: 1,
                createdBy: 'u1',
                stored: true,
                version: 8,
              },
            ],
          },
          { id, notebookId: id, deleted: true, version: 9 },
        ],
        cursor: { version: 9, horizon: 0 },
        hasMore: false,
        resetRequired: false,
      },
    ],
    hasMore: false,
    lastMutationId: 4,
    rejections: [{ mutationId: 3, name: 'entry.put', code: 'forbidden', message: 'No', at: 5 }],
  };
}

describe('pull response checks against the schema', () => {
  it('accept valid responses, with the same result', () => {
    fc.assert(
      fc.property(responses(false), (value) => {
        const json: unknown = JSON.parse(JSON.stringify(value));
        expect(pullResponseSchema.safeParse(json).success).toBe(true);
        agree(json, true);
      }),
      { numRuns: 500 },
    );
  });

  it('accept and refuse exactly what the schema does, with the same result', () => {
    let accepted = 0;
    fc.assert(
      fc.property(responses(true), (value) => {
        // A response arrives as JSON: undefined keys vanish, -0 becomes 0.
        const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        agree(json, true);
        if (pullResponseSchema.safeParse(json).success) accepted += 1;
      }),
      { numRuns: 3000 },
    );
    // The broken responses still reach both sides of the line.
    expect(accepted).toBeGreaterThan(0);
  });

  it('agree on valid responses with one value broken, missing or added', () => {
    fc.assert(
      fc.property(oneChange, (value) => {
        agree(JSON.parse(JSON.stringify(value) ?? 'null'), true);
      }),
      { numRuns: 3000 },
    );
  });

  it('agree on every limit and wrong value, at every place in a page', () => {
    const values = [
      ...limitValues,
      ...fc.sample(fc.oneof(junk, specialNumbers), { numRuns: 40, seed: 1 }),
    ];
    const page = validPage();
    expect(checkPullResponse(page)).toBeDefined();
    for (const path of pathsOf(page)) {
      for (const value of values) {
        agree(
          JSON.parse(JSON.stringify(changeAt(page, path, { kind: 'replace', value })) ?? 'null'),
          true,
        );
      }
      agree(changeAt(page, path, { kind: 'delete' }), true);
      agree(changeAt(page, path, { kind: 'add', key: 'extra' }), true);
    }
  });

  it('agree on values that never went through JSON', () => {
    fc.assert(
      fc.property(responses(true), (value) => agree(value, false)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => agree(value, false)),
      { numRuns: 1000 },
    );
  });

  it('treat a "__proto__" key as the schema does', () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const record = (extra: string) =>
      `{"id":"${id}","notebookId":"${id}","deleted":false,"version":3,` +
      `"fields":{"title":"t","body":"b","tags":["a"],"done":false,"location":null,"track":null,"due":null${extra}},` +
      `"fieldVersions":{"title":3,"__proto__":"x"},"conflicted":false,"createdAt":1,` +
      `"updatedAt":2,"createdBy":"u","updatedBy":"u","attachments":[],"__proto__":{"version":1}}`;
    const page = (extra: string) =>
      JSON.parse(
        `{"notebooks":[],"removedNotebooks":[],"changes":[{"notebookId":"${id}","entries":[${record(extra)}],` +
          `"cursor":{"version":3,"horizon":0},"hasMore":false,"resetRequired":false}],` +
          `"hasMore":false,"lastMutationId":0,"rejections":[]}`,
      ) as unknown;
    agree(page(''), true);
    agree(page(',"__proto__":{}'), true);
    expect(checkPullResponse(page(''))).toBeDefined();
  });

  it('report the schema’s own error for what it refuses', () => {
    const result = pullResponseParser.safeParse({ notebooks: 'none' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['notebooks']);
  });
});
