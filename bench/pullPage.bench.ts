// A full pull page — 2,000 entries, what a device downloads per request when it catches up — as
// it crosses the wire with brotli and with gzip (@fastify/compress, server/http/compression.ts),
// against the same page sent uncompressed: bytes on the wire and loopback time to the last byte
// (median of RUNS requests; on loopback the time shows the compression's cost, not the saving a
// slow network sees). SQLite, the server in this process.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { migrateToLatest } from '../server/db/migrateToLatest';
import { openDatabase } from '../server/db/openDatabase';
import { median, type Bench, type BenchRow } from './types';
import { uuidv7 } from './uuidv7.mjs';

const ENTRIES = 2000;
const BATCH = 100;
const RUNS = 15;

interface Sample {
  bytes: number;
  ms: number;
}

/** POSTs `body` and counts the raw (still encoded) bytes of the answer. */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  encoding: string,
): Promise<Sample & { encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'accept-encoding': encoding } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({
                bytes,
                ms: performance.now() - started,
                encoding: res.headers['content-encoding'],
              })
            : reject(new Error(`pull: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const bench: Bench = {
  name: 'pull page compression',
  async run(): Promise<BenchRow[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tideline-bench-pull-'));
    const config = {
      ...loadConfig({}),
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: undefined,
      staticDir: dataDir,
      logLevel: 'silent' as const,
      authAttemptsPerIp: 1000,
    };
    const database = await openDatabase(config);
    await migrateToLatest(database);
    const app = buildApp({ config, database, logger: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const signUp = await fetch(`${url}/api/auth/sign-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email: `pull-${randomUUID()}@example.org`, password: 'bench pw 1' }),
      });
      const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const headers = { 'content-type': 'application/json', origin: url, cookie };
      const push = async (clientId: string, mutations: unknown[]) => {
        const response = await fetch(`${url}/api/sync/push`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ clientId, mutations }),
        });
        if (!response.ok) throw new Error(`push: ${response.status} ${await response.text()}`);
      };
      const writer = randomUUID();
      const notebookId = randomUUID();
      let id = 1;
      await push(writer, [
        { id: id++, name: 'notebook.create', args: { id: notebookId, name: 'N' } },
      ]);
      for (let start = 0; start < ENTRIES; start += BATCH) {
        await push(
          writer,
          Array.from({ length: BATCH }, (_, i) => ({
            id: id++,
            name: 'entry.put',
            args: {
              id: uuidv7(),
              notebookId,
              baseVersion: 0,
              fields: {
                title: `Entry ${start + i}`,
                body: `Observation number ${start + i}: tide rising, wind 12 kn, visibility good.`,
                tags: ['bench', `t${i % 7}`],
                done: i % 3 === 0,
              },
            },
          })),
        );
      }
      // A new device's first page: everything from the start, the server's largest page.
      const body = JSON.stringify({ clientId: randomUUID(), cursors: {}, limit: ENTRIES });
      const measure = async (encoding: string) => {
        const samples: Sample[] = [];
        for (let i = 0; i < RUNS + 2; i++) {
          const sample = await rawPost(`${url}/api/sync/pull`, headers, body, encoding);
          const expected = encoding === 'identity' ? undefined : encoding;
          if (sample.encoding !== expected) {
            throw new Error(`asked for ${encoding}, got ${sample.encoding ?? 'identity'}`);
          }
          if (i >= 2) samples.push(sample);
        }
        return { bytes: median(samples.map((s) => s.bytes)), ms: median(samples.map((s) => s.ms)) };
      };
      const plain = await measure('identity');
      // The page stops at its entry count or at the server's byte budget (1 MB of entry JSON),
      // whichever comes first: name the page by what it really carries.
      const first = (await (
        await fetch(`${url}/api/sync/pull`, { method: 'POST', headers, body })
      ).json()) as { changes: { entries: unknown[] }[] };
      const carried = first.changes.reduce((sum, change) => sum + change.entries.length, 0);
      const page = `largest pull page (${carried} of ${ENTRIES} entries asked for)`;
      const rows: BenchRow[] = [];
      for (const encoding of ['br', 'gzip']) {
        const compressed = await measure(encoding);
        rows.push(
          {
            scenario: `${page}, bytes, ${encoding}`,
            figure: compressed.bytes / 1024,
            baseline: plain.bytes / 1024,
            unit: 'KB',
            baselineName: 'same page uncompressed',
          },
          {
            scenario: `${page}, loopback time to last byte, ${encoding} (median of ${RUNS})`,
            figure: compressed.ms,
            baseline: plain.ms,
            unit: 'ms',
            baselineName: 'same page uncompressed',
          },
        );
      }
      return rows;
    } finally {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
