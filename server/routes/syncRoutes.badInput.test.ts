// Bad input to the sync routes: every case answers 4xx with the error shape and changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertErrorBody } from '../../src/protocol/errorBody.js';
import { openApiHarness, type ApiHarness, type TestUser } from '../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../test/syncClient.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testDatabaseTargets } from '../test/testDatabases.js';

afterAll(removeTempDirs);

async function snapshot(api: ApiHarness) {
  const { db } = api.database;
  return Promise.all(
    (
      [
        'notebooks',
        'memberships',
        'entries',
        'entry_history',
        'sync_clients',
        'rejections',
      ] as const
    ).map((table) => db.selectFrom(table).selectAll().execute()),
  );
}

const clientId = randomUUID();
const notebookId = randomUUID();
const mutation = { id: 1, name: 'notebook.create', args: { id: notebookId, name: 'N' } };

const pushCases: [string, string | object, number][] = [
  ['malformed JSON', '{"clientId":', 400],
  ['an empty object', {}, 400],
  ['a missing clientId', { mutations: [mutation] }, 400],
  ['missing mutations', { clientId }, 400],
  ['a clientId that is not a UUID', { clientId: 'phone-1', mutations: [mutation] }, 400],
  ['mutations that are not a list', { clientId, mutations: 'all of them' }, 400],
  ['a mutation id of 0', { clientId, mutations: [{ ...mutation, id: 0 }] }, 400],
  ['a fractional mutation id', { clientId, mutations: [{ ...mutation, id: 1.5 }] }, 400],
  ['a mutation without a name', { clientId, mutations: [{ id: 1, args: {} }] }, 400],
  ['an unknown top-level field', { clientId, mutations: [mutation], admin: true }, 400],
  [
    'more than 500 mutations',
    { clientId, mutations: Array.from({ length: 501 }, (_, i) => ({ ...mutation, id: i + 1 })) },
    400,
  ],
  [
    'a body over 1 MB',
    {
      clientId,
      mutations: [{ ...mutation, args: { id: notebookId, name: 'x'.repeat(1_100_000) } }],
    },
    413,
  ],
  ['ackRejections that are not ids', { clientId, mutations: [], ackRejections: ['x'] }, 400],
];

const pullCases: [string, string | object, number][] = [
  ['malformed JSON', '[', 400],
  ['a missing clientId', { cursors: {} }, 400],
  ['missing cursors', { clientId }, 400],
  ['a cursor keyed by a non-UUID', { clientId, cursors: { abc: { version: 1, horizon: 0 } } }, 400],
  ['a negative cursor', { clientId, cursors: { [notebookId]: { version: -1, horizon: 0 } } }, 400],
  ['a cursor as a bare number', { clientId, cursors: { [notebookId]: 5 } }, 400],
  ['a page size of 0', { clientId, cursors: {}, limit: 0 }, 400],
  ['a page size over the maximum', { clientId, cursors: {}, limit: 100_000 }, 400],
];

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`sync routes refuse bad input on ${kind}`, () => {
    let api: ApiHarness;
    let user: TestUser;
    let existingNotebook: string;
    let existingEntry: string;
    beforeEach(async () => {
      api = await openApiHarness(kind);
      user = await api.signUp();
      const client = new TestSyncClient(api, user);
      existingNotebook = randomUUID();
      existingEntry = randomUUID();
      await client.push([
        notebookCreate(existingNotebook),
        entryPut(existingNotebook, { title: 't' }, existingEntry),
      ]);
    });
    afterEach(async () => api.close());

    for (const [route, cases] of [
      ['/api/sync/push', pushCases],
      ['/api/sync/pull', pullCases],
    ] as const) {
      it.each(cases)(`${route} with %s → %i`, async (_, payload, status) => {
        const before = await snapshot(api);
        const response = await api.request({
          method: 'POST',
          url: route,
          headers: { ...user.headers, 'content-type': 'application/json' },
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
        expect(response.statusCode).toBe(status);
        assertErrorBody(response.json());
        expect(await snapshot(api)).toEqual(before);
      });
    }

    it.each([
      ['a non-UUID notebook id', () => `/api/notebooks/nope/entries/${existingEntry}/history`, 400],
      ['a non-UUID entry id', () => `/api/notebooks/${existingNotebook}/entries/42/history`, 400],
      [
        'an unknown notebook',
        () => `/api/notebooks/${randomUUID()}/entries/${existingEntry}/history`,
        404,
      ],
      [
        'an unknown entry',
        () => `/api/notebooks/${existingNotebook}/entries/${randomUUID()}/history`,
        404,
      ],
    ])('GET history with %s → %i', async (_, url, status) => {
      const response = await api.request({ url: url(), headers: { cookie: user.cookie } });
      expect(response.statusCode).toBe(status);
      assertErrorBody(response.json());
    });

    it('refuses a push sent as text/plain', async () => {
      const before = await snapshot(api);
      const response = await api.request({
        method: 'POST',
        url: '/api/sync/push',
        headers: { ...user.headers, 'content-type': 'text/plain' },
        payload: JSON.stringify({ clientId, mutations: [mutation] }),
      });
      expect(response.statusCode).toBe(400);
      assertErrorBody(response.json());
      expect(await snapshot(api)).toEqual(before);
    });
  });
}
