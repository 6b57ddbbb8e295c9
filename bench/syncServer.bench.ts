// Server sync figures, each against a baseline in the same run:
// - mutations/s through POST /api/sync/push (batches of 100 entry.put, one notebook and 20
//   notebooks) on SQLite and PostgreSQL, against raw better-sqlite3 / pg inserts of the same rows;
// - empty-delta pulls/s (a client already up to date) against a bare Fastify route answering
//   the same JSON, both driven by autocannon from a separate process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { uuidv7 } from './uuidv7.mjs';
import { buildApp } from '../server/app';
import { loadConfig, type Config } from '../server/config';
import type { DatabaseHandle } from '../server/db/DatabaseHandle';
import { migrateToLatest } from '../server/db/migrateToLatest';
import { defaultFilesConfig } from '../server/files/filesConfig';
import { openDatabase } from '../server/db/openDatabase';
import type { Bench, BenchRow } from './types';

const BATCH = 100;
/** Batches timed, after WARMUP untimed ones (steady-state rates, for push and its baseline alike). */
const BATCHES = 300;
const WARMUP = 50;
/** Devices pushing side by side, so the server is never idle waiting for one round trip. */
const PUSH_CLIENTS = 2;
const PULL_SECONDS = 3;
const CONCURRENCY = 8;
/** autocannon's CLI, run in a child process. */
const AUTOCANNON = join(import.meta.dirname, '../node_modules/autocannon/autocannon.js');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Running {
  url: string;
  headers: Record<string, string>;
  database: DatabaseHandle;
  close(): Promise<void>;
}

function config(dataDir: string, databaseUrl: string | undefined): Config {
  return {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    staticDir: dataDir,
    logLevel: 'silent',
    publicOrigin: undefined,
    tombstoneTtlMs: 30 * 86_400_000,
    authAttemptsPerIp: 1000,
    adminToken: undefined,
    files: defaultFilesConfig(),
  };
}

async function startApi(
  kind: 'sqlite' | 'postgres',
  dataDir: string,
  schema: string,
): Promise<Running> {
  const cfg = config(dataDir, kind === 'postgres' ? PG_URL : undefined);
  const database = await openDatabase(cfg, kind === 'postgres' ? { pgSchema: schema } : {});
  await migrateToLatest(database);
  const app = buildApp({ config: cfg, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signUp = await fetch(`${url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({
      email: `bench-${randomUUID()}@example.org`,
      password: 'bench password',
    }),
  });
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return {
    url,
    headers: { 'content-type': 'application/json', origin: url, cookie },
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

async function post(api: Running, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: api.headers,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function entryFields(i: number) {
  return {
    title: `Entry ${i}`,
    body: `Observation number ${i}: tide rising, wind 12 kn.`,
    tags: ['bench', `t${i % 7}`],
    done: i % 3 === 0,
  };
}

/** Mutations per second through push, from a client in another thread. */
async function pushRate(api: Running, notebooks: number): Promise<number> {
  const worker = new Worker(new URL('./pushClient.worker.mjs', import.meta.url), {
    workerData: {
      url: api.url,
      headers: api.headers,
      notebooks,
      batch: BATCH,
      batches: BATCHES / PUSH_CLIENTS,
      warmup: WARMUP,
      clients: PUSH_CLIENTS,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (rate: number) => resolve(rate));
    worker.once('error', reject);
  });
}

function entryRow(notebookId: string, i: number, version: number) {
  const fields = entryFields(i);
  return [
    uuidv7(),
    notebookId,
    version,
    0,
    fields.title,
    fields.body,
    JSON.stringify(fields.tags),
    fields.done ? 1 : 0,
    null,
    JSON.stringify({
      title: version,
      body: version,
      tags: version,
      done: version,
      location: version,
    }),
    JSON.stringify({ title: 'u', body: 'u', tags: 'u', done: 'u', location: 'u' }),
    0,
    'u',
    'u',
    Date.now(),
    Date.now(),
  ];
}
const COLUMNS =
  'id, notebook_id, version, deleted, title, body, tags, done, location, field_versions, field_authors, conflicted, created_by, updated_by, created_at, updated_at';

function rawSqliteRate(dataDir: string): number {
  const db = new BetterSqlite3(join(dataDir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    `create table entries (id text primary key, notebook_id text, version integer, deleted integer, title text, body text, tags text, done integer, location text, field_versions text, field_authors text, conflicted integer, created_by text, updated_by text, created_at integer, updated_at integer)`,
  );
  db.exec('create index entries_nv on entries (notebook_id, version)');
  const insert = db.prepare(
    `insert into entries (${COLUMNS}) values (${COLUMNS.split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  const notebookId = randomUUID();
  let version = 1;
  let started = performance.now();
  for (let batch = -WARMUP; batch < BATCHES; batch++) {
    if (batch === 0) started = performance.now();
    db.transaction(() => {
      for (let i = 0; i < BATCH; i++) insert.run(...entryRow(notebookId, i, ++version));
    })();
  }
  const rate = (BATCH * BATCHES) / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

async function rawPgRate(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
    await client.query(`set search_path = ${schema}`);
    await client.query(
      `create table entries (id text primary key, notebook_id text, version bigint, deleted integer, title text, body text, tags text, done integer, location text, field_versions text, field_authors text, conflicted integer, created_by text, updated_by text, created_at bigint, updated_at bigint)`,
    );
    await client.query('create index entries_nv on entries (notebook_id, version)');
    const notebookId = randomUUID();
    let version = 1;
    const width = COLUMNS.split(',').length;
    let started = performance.now();
    for (let batch = -WARMUP; batch < BATCHES; batch++) {
      if (batch === 0) started = performance.now();
      const rows = Array.from({ length: BATCH }, (_, i) => entryRow(notebookId, i, ++version));
      const placeholders = rows.map(
        (_, r) =>
          `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      await client.query('begin');
      await client.query(
        `insert into entries (${COLUMNS}) values ${placeholders.join(', ')}`,
        rows.flat(),
      );
      await client.query('commit');
    }
    return (BATCH * BATCHES) / ((performance.now() - started) / 1000);
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await client.end();
  }
}

/**
 * Requests per second from autocannon in its own process (CONCURRENCY connections for
 * PULL_SECONDS, after a one-second warm-up), so the load generator's CPU is not the server's.
 */
async function autocannonRate(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const args = [
    AUTOCANNON,
    '--json',
    '-c',
    String(CONCURRENCY),
    '-d',
    String(PULL_SECONDS),
    '--warmup',
    '[',
    '-c',
    String(CONCURRENCY),
    '-d',
    '1',
    ']',
    '-m',
    'POST',
    '-b',
    body,
    ...Object.entries(headers).flatMap(([key, value]) => ['-H', `${key}=${value}`]),
    url,
  ];
  // Asynchronous: the server under test runs in this process's event loop.
  const { stdout: output } = await promisify(execFile)(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  // With --warmup, autocannon prints the warm-up's result first; the run's is the last line.
  const last = output.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(last) as {
    requests: { average: number };
    non2xx: number;
    errors: number;
  };
  if (result.non2xx || result.errors) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}

async function emptyPullRate(api: Running): Promise<number> {
  const clientId = randomUUID();
  const notebooks = Array.from({ length: 5 }, () => randomUUID());
  await post(api, '/api/sync/push', {
    clientId,
    mutations: notebooks.map((notebookId, i) => ({
      id: i + 1,
      name: 'notebook.create',
      args: { id: notebookId, name: 'N' },
    })),
  });
  // Catch up on every notebook of this user (the push rows' too), page by page.
  const cursors: Record<string, unknown> = {};
  for (;;) {
    const page = (await post(api, '/api/sync/pull', { clientId, cursors, limit: 2000 })) as {
      changes: { notebookId: string; cursor: unknown }[];
      hasMore: boolean;
    };
    for (const change of page.changes) cursors[change.notebookId] = change.cursor;
    if (!page.hasMore) break;
  }
  const body = JSON.stringify({ clientId, cursors });
  const check = (await post(api, '/api/sync/pull', { clientId, cursors })) as {
    changes: unknown[];
  };
  if (check.changes.length !== 0) throw new Error('pull was not empty');
  return autocannonRate(`${api.url}/api/sync/pull`, api.headers, body);
}

async function bareRouteRate(): Promise<number> {
  const app = Fastify({ logger: false });
  app.post('/bare', async () => ({
    notebooks: [],
    removedNotebooks: [],
    changes: [],
    hasMore: false,
    lastMutationId: 0,
    rejections: [],
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/bare`;
  const body = JSON.stringify({ clientId: randomUUID(), cursors: {} });
  try {
    return await autocannonRate(url, { 'content-type': 'application/json' }, body);
  } finally {
    await app.close();
  }
}

async function pgAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const bench: Bench = {
  name: 'server sync',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'tideline-bench-sync-'));
    try {
      const kinds: ('sqlite' | 'postgres')[] = ['sqlite'];
      if (await pgAvailable()) kinds.push('postgres');
      else console.error(`PostgreSQL not reachable at ${PG_URL}: PostgreSQL rows skipped`);
      for (const kind of kinds) {
        const schema = `tideline_bench_${randomUUID().slice(0, 8)}`;
        const rawSchema = `${schema}_raw`;
        const raw = kind === 'sqlite' ? rawSqliteRate(dataDir) : await rawPgRate(rawSchema);
        const api = await startApi(kind, join(dataDir, kind), schema);
        try {
          const baselineName = kind === 'sqlite' ? 'raw better-sqlite3 inserts' : 'raw pg inserts';
          for (const notebooks of [1, 20]) {
            rows.push({
              scenario: `push ${kind}, ${PUSH_CLIENTS} devices, batches of ${BATCH}, ${notebooks} notebook${notebooks > 1 ? 's' : ''}`,
              figure: await pushRate(api, notebooks),
              baseline: raw,
              unit: 'mut/s',
              baselineName,
            });
          }
          const bare = await bareRouteRate();
          rows.push({
            scenario: `empty-delta pull ${kind}, ${CONCURRENCY} concurrent`,
            figure: await emptyPullRate(api),
            baseline: bare,
            unit: 'req/s',
            baselineName: 'bare Fastify route',
          });
        } finally {
          await api.close();
          if (kind === 'postgres') {
            const client = new pg.Client({ connectionString: PG_URL });
            await client.connect();
            await client.query(`drop schema if exists ${schema} cascade`);
            await client.end();
          }
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return rows;
  },
};
