// The real entry point as a child process: what an operator sees when start-up
// fails, and a clean exit on SIGTERM.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killEntries, runEntry } from './test/runEntry.js';
import { makeStaticDir } from './test/staticFixture.js';
import { makeTempDir, removeTempDirs } from './test/tempDir.js';

afterAll(() => {
  killEntries();
  removeTempDirs();
});

const STACK_FRAME = /^\s+at /m;

async function expectStartupFailure(env: NodeJS.ProcessEnv, expected: RegExp): Promise<string> {
  const entry = runEntry({ DATA_DIR: makeTempDir(), STATIC_DIR: makeStaticDir(), ...env });
  expect(await entry.exited).toBe(1);
  const stderr = entry.stderr();
  expect(stderr.endsWith('\n')).toBe(true);
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tideline: /);
  expect(lines[0]).toMatch(expected);
  expect(stderr).not.toMatch(STACK_FRAME);
  return lines[0] ?? '';
}

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { server, port: address.port };
}

describe('start-up failures print one actionable line and exit 1', () => {
  it('unreachable PostgreSQL, without the password', async () => {
    const line = await expectStartupFailure(
      { DATABASE_URL: 'postgres://postgres:pa55word@127.0.0.1:1/x', PORT: '0' },
      /^tideline: Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\): check DATABASE_URL and that the server is running$/,
    );
    expect(line).not.toContain('pa55word');
  });

  it('a data directory that cannot be created', async () => {
    const file = join(makeTempDir(), 'regular-file');
    writeFileSync(file, '');
    await expectStartupFailure(
      { DATA_DIR: join(file, 'data'), PORT: '0' },
      /^tideline: Data directory .*regular-file\/data is not writable \(ENOTDIR\): set DATA_DIR to a writable directory$/,
    );
  });

  it('a port already in use', async () => {
    const { server, port } = await occupyPort();
    try {
      await expectStartupFailure(
        { PORT: String(port) },
        new RegExp(
          `^tideline: Port ${port} is already in use: stop the other process or set PORT$`,
        ),
      );
    } finally {
      server.close();
    }
  });

  it('an invalid PORT', async () => {
    await expectStartupFailure(
      { PORT: 'eighty' },
      /^tideline: Invalid PORT "eighty": set PORT to a whole number from 0 to 65535$/,
    );
  });
});

describe('running', () => {
  it('logs one JSON "listening" record, then shuts down cleanly on SIGTERM', async () => {
    const entry = runEntry({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: makeTempDir(),
      STATIC_DIR: makeStaticDir(),
    });
    const listening = await entry.waitForLog(/^Tideline listening on http:\/\//);
    expect(listening).toMatchObject({ database: 'sqlite', level: 30 });
    expect(entry.stdout()).not.toMatch(/Server listening at/);

    const response = await fetch(`${String(listening.url)}/api/health`);
    expect(response.status).toBe(200);

    entry.child.kill('SIGTERM');
    expect(await entry.exited).toBe(0);
    expect(entry.stdout()).toMatch(/"msg":"Received SIGTERM: shutting down/);
    expect(entry.stdout()).toMatch(/"msg":"Tideline stopped"/);
    expect(entry.stderr()).toBe('');
  });

  it('treats a signal repeated at once (Ctrl-C under npm start) as one request', async () => {
    const entry = runEntry({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir() });
    await entry.waitForLog(/^Tideline listening on /);
    entry.child.kill('SIGINT');
    entry.child.kill('SIGINT');
    expect(await entry.exited).toBe(0);
    expect(entry.stdout()).toMatch(/"msg":"Tideline stopped"/);
  });
});
