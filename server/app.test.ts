import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBodySchema } from '../src/protocol/errorBody.js';
import { buildApp } from './app.js';
import type { DatabaseHandle } from './db/DatabaseHandle.js';
import { openDatabase } from './db/openDatabase.js';
import { CLIENT_NOT_BUILT_MESSAGE } from './http/notFoundHandler.js';
import { CONTENT_SECURITY_POLICY, THEME_BOOT_SCRIPT_HASH } from './http/responseHeaders.js';
import { INTERNAL_MESSAGE } from './http/toErrorReply.js';
import { FIXTURE_FILES, makeStaticDir } from './test/staticFixture.js';
import { removeTempDirs } from './test/tempDir.js';
import { testConfig } from './test/testConfig.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  const config = testConfig({ staticDir: makeStaticDir() });
  database = await openDatabase(config);
  app = buildApp({ config, database, logger: false, version: '1.2.3' });
  // Routes only tests need, to reach the body parser and the error handler.
  app.post('/api/test/echo', async (request) => {
    const body = z.object({ text: z.string() }).parse(request.body);
    return body;
  });
  app.get('/api/test/crash', async () => {
    throw new Error('secret internals at /srv/tideline');
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.close();
  removeTempDirs();
});

describe('static files and their caching headers', () => {
  it.each([
    ['/sw.js', 'no-cache'],
    ['/workbox-4f3a2b1c.js', 'no-cache'],
    ['/index.html', 'no-cache'],
    ['/', 'no-cache'],
    ['/manifest.webmanifest', 'no-cache'],
    ['/assets/app-abc123.js', 'public, max-age=31536000, immutable'],
    ['/icons/x.png', 'public, max-age=3600'],
    ['/robots.txt', 'public, max-age=3600'],
  ])('GET %s → Cache-Control: %s', async (url, cacheControl) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe(cacheControl);
  });

  it('serves file contents with a fitting content type', async () => {
    const script = await app.inject({ url: '/assets/app-abc123.js' });
    expect(script.body).toBe(FIXTURE_FILES['assets/app-abc123.js']);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const index = await app.inject({ url: '/' });
    expect(index.body).toBe(FIXTURE_FILES['index.html']);
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/sw.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe('');
  });

  it('sets the security headers on files, API answers and errors alike', async () => {
    for (const url of ['/', '/api/health', '/api/nope', '/missing.js']) {
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it("allows index.html's inline scripts by their hashes, and no other inline script", () => {
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline).toHaveLength(1);
    const hashes = inline.map(
      (script) => `sha256-${createHash('sha256').update(script).digest('base64')}`,
    );
    expect(hashes).toEqual([THEME_BOOT_SCRIPT_HASH]);
    const scriptSrc = CONTENT_SECURITY_POLICY.split('; ').find((part) =>
      part.startsWith('script-src '),
    );
    expect(scriptSrc).toBe(`script-src 'self' '${THEME_BOOT_SCRIPT_HASH}'`);
  });
});

describe('SPA fallback', () => {
  it('answers a deep link that accepts HTML with index.html, 200, no-cache', async () => {
    const response = await app.inject({
      url: '/notebooks/abc?tab=tasks',
      headers: { accept: HTML },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(FIXTURE_FILES['index.html']);
  });

  it('answers a missing script or image with a 404 error body, never HTML', async () => {
    for (const [url, accept] of [
      ['/assets/app-old999.js', '*/*'],
      ['/icons/missing.png', 'image/avif,image/webp,*/*'],
      ['/notebooks/abc', 'application/json'],
    ] as const) {
      const response = await app.inject({ url, headers: { accept } });
      expect(response.statusCode).toBe(404);
      expect(errorBodySchema.parse(response.json()).error.code).toBe('not-found');
    }
  });

  it('does not serve index.html for a POST', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/notebooks',
      headers: { accept: HTML },
    });
    expect(response.statusCode).toBe(404);
  });

  it('does not serve dotfiles or escape the static root', async () => {
    expect((await app.inject({ url: '/.env' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/../package.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/%2e%2e/package.json' })).statusCode).toBe(404);
  });
});

describe('API errors', () => {
  it('answers an unknown /api path with 404 and the error body, even for HTML requests', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const response = await app.inject({ method, url: '/api/nope', headers: { accept: HTML } });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        error: { code: 'not-found', message: `There is no API endpoint ${method} /api/nope.` },
      });
    }
  });

  it('marks API answers no-store', async () => {
    expect((await app.inject({ url: '/api/health' })).headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: '/api/nope' })).headers['cache-control']).toBe('no-store');
  });

  it('answers malformed JSON with 400 invalid-json', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"text": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid-json', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers a body that fails its schema with 400 invalid-request', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      payload: { text: 7 },
    });
    expect(response.statusCode).toBe(400);
    const body = errorBodySchema.parse(response.json());
    expect(body.error.code).toBe('invalid-request');
    expect(body.error.message).toMatch(/^text: /);
  });

  it('answers a body over 1 MB with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      payload: { text: 'x'.repeat(1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(errorBodySchema.parse(response.json()).error.code).toBe('payload-too-large');
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/x-tideline' },
      payload: 'hello',
    });
    expect(response.statusCode).toBe(415);
    expect(errorBodySchema.parse(response.json()).error.code).toBe('unsupported-media-type');
  });

  it('answers an unexpected failure with 500 internal and no details', async () => {
    const response = await app.inject({ url: '/api/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toMatch(/\s+at /);
  });
});

describe('when the client is not built', () => {
  let bare: FastifyInstance;
  let bareDatabase: DatabaseHandle;

  beforeAll(async () => {
    const config = testConfig({ staticDir: '/nonexistent/tideline-dist' });
    bareDatabase = await openDatabase(config);
    bare = buildApp({ config, database: bareDatabase, logger: false });
    await bare.ready();
  });

  afterAll(async () => {
    await bare.close();
    await bareDatabase.close();
  });

  it('answers / with a 503 page that says to run npm run build', async () => {
    for (const accept of [HTML, '*/*']) {
      const response = await bare.inject({ url: '/', headers: { accept } });
      expect(response.statusCode).toBe(503);
      expect(response.body).toBe(CLIENT_NOT_BUILT_MESSAGE);
      expect(response.body).toContain('npm run build');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect((await bare.inject({ url: '/notebooks/x', headers: { accept: HTML } })).statusCode).toBe(
      503,
    );
  });

  it('still serves the API', async () => {
    const response = await bare.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
  });
});
