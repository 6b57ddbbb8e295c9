// The server's compression as a browser meets it: the client's files go out as the .br/.gz
// made at build time, chosen by Accept-Encoding, with the same caching headers as the plain
// file; large JSON answers are compressed on the fly, small ones and the event stream not;
// source maps are never served.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { openDatabase } from '../db/openDatabase.js';
import { makeStaticDir } from '../test/staticFixture.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import { COMPRESS_THRESHOLD_BYTES } from './compression.js';

const SCRIPT = 'export const line = "a line of the app";\n'.repeat(100);
const WORKER = 'self.addEventListener("fetch", () => {});\n'.repeat(100);
const BIG = { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, title: `entry ${i}` })) };

let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  const staticDir = makeStaticDir();
  for (const [path, text] of [
    ['assets/big-abc.js', SCRIPT],
    ['sw.js', WORKER],
  ] as const) {
    writeFileSync(join(staticDir, path), text);
    // Marked copies, so a test can tell which file was sent.
    writeFileSync(join(staticDir, `${path}.br`), brotliCompressSync(`/*br*/${text}`));
    writeFileSync(join(staticDir, `${path}.gz`), gzipSync(`/*gz*/${text}`));
  }
  writeFileSync(join(staticDir, 'assets/big-abc.js.map'), '{"version":3,"sources":["secret"]}');
  const config = testConfig({ staticDir });
  database = await openDatabase(config);
  app = buildApp({ config, database, logger: false });
  // In a plugin, as the API's routes are, so they load after the compression plugin.
  void app.register(async (scope) => {
    scope.get('/api/test/big', async () => BIG);
    scope.get('/api/test/small', async () => ({ ok: true }));
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.close();
  removeTempDirs();
});

describe('the built client, compressed at build time', () => {
  it('sends the brotli copy to a browser that accepts br', async () => {
    const response = await app.inject({
      url: '/assets/big-abc.js',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(`/*br*/${SCRIPT}`);
  });

  it('sends the gzip copy when only gzip is accepted, the plain file otherwise', async () => {
    const gzip = await app.inject({
      url: '/assets/big-abc.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(`/*gz*/${SCRIPT}`);
    const plain = await app.inject({
      url: '/assets/big-abc.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('keeps the service worker revalidated when it goes out compressed', async () => {
    const response = await app.inject({ url: '/sw.js', headers: { 'accept-encoding': 'br' } });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('never serves a source map', async () => {
    const response = await app.inject({ url: '/assets/big-abc.js.map' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/secret/);
  });
});

describe('API answers compressed on the fly', () => {
  it('compresses JSON above the threshold with the encoding the client prefers', async () => {
    expect(JSON.stringify(BIG).length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    const response = await app.inject({
      url: '/api/test/big',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(brotliDecompressSync(response.rawPayload).toString())).toEqual(BIG);
  });

  it('leaves small answers and clients that ask for none alone', async () => {
    const small = await app.inject({
      url: '/api/test/small',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ ok: true });
    const none = await app.inject({ url: '/api/test/big' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json()).toEqual(BIG);
  });
});
