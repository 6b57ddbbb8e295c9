// A minimal sync client for server tests: numbers its mutations 1, 2, 3…, pushes and pulls
// through the API like a browser would, and keeps cursors per notebook.
import { randomUUID } from 'node:crypto';
import type { MutationName } from '../../src/protocol/mutations.js';
import type { Cursor, PullResponse, PushResponse } from '../../src/protocol/sync.js';
import type { ApiHarness, TestUser } from './apiHarness.js';

export interface PendingMutation {
  name: MutationName | string;
  args: unknown;
  /** When the writer made it (its clock), sent as the mutation's `at`. */
  at?: number;
}

export class TestSyncClient {
  readonly clientId = randomUUID();
  private nextId = 1;
  cursors: Record<string, Cursor> = {};

  constructor(
    private readonly api: ApiHarness,
    readonly user: TestUser,
  ) {}

  /** Numbers the mutations and returns them without sending (to replay, reorder or drop). */
  number(mutations: PendingMutation[]): { id: number; name: string; args: unknown }[] {
    return mutations.map((mutation) => ({
      id: this.nextId++,
      name: mutation.name,
      args: mutation.args,
      ...(mutation.at !== undefined && { at: mutation.at }),
    }));
  }

  async send(
    mutations: { id: number; name: string; args: unknown }[],
    extra: Record<string, unknown> = {},
  ): Promise<PushResponse> {
    const response = await this.api.request({
      method: 'POST',
      url: '/api/sync/push',
      headers: this.user.headers,
      payload: { clientId: this.clientId, mutations, ...extra },
    });
    if (response.statusCode !== 200)
      throw new Error(`push ${response.statusCode}: ${response.body}`);
    return response.json() as PushResponse;
  }

  push(mutations: PendingMutation[]): Promise<PushResponse> {
    return this.send(this.number(mutations));
  }

  async pullOnce(extra: Record<string, unknown> = {}): Promise<PullResponse> {
    const response = await this.api.request({
      method: 'POST',
      url: '/api/sync/pull',
      headers: this.user.headers,
      payload: { clientId: this.clientId, cursors: this.cursors, ...extra },
    });
    if (response.statusCode !== 200)
      throw new Error(`pull ${response.statusCode}: ${response.body}`);
    const body = response.json() as PullResponse;
    for (const change of body.changes) this.cursors[change.notebookId] = change.cursor;
    for (const id of body.removedNotebooks) delete this.cursors[id];
    return body;
  }

  /** Pulls page after page until nothing more waits; returns every page. */
  async pullAll(limit?: number): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    for (let i = 0; i < 10_000; i++) {
      const page = await this.pullOnce(limit ? { limit } : {});
      pages.push(page);
      if (!page.hasMore) return pages;
    }
    throw new Error('pull never finished');
  }
}

export function notebookCreate(id: string = randomUUID(), name = 'Field notes'): PendingMutation {
  return { name: 'notebook.create', args: { id, name } };
}

export function entryPut(
  notebookId: string,
  fields: Record<string, unknown>,
  id: string = randomUUID(),
  baseVersion = 0,
): PendingMutation {
  return { name: 'entry.put', args: { id, notebookId, baseVersion, fields } };
}
