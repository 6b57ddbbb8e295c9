// The real server (server/main.ts) as a child process on a free port, for tests that kill it
// (SIGKILL, as a crash or a power cut of the process would) and start it again on the same data:
// a SQLite DATA_DIR or a PostgreSQL schema, and, for files, the same DATA_DIR or S3 bucket.
import { createServer } from 'node:net';
import type { S3Config } from '../files/filesConfig.js';
import { openDatabase } from '../db/openDatabase.js';
import { runEntry, type EntryProcess } from './runEntry.js';
import { makeStaticDir } from './staticFixture.js';
import { TEST_DATABASE_URL, type TestDatabaseLocation } from './testDatabases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function waitForHealth(url: string, entry: EntryProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null) {
      throw new Error(`the server exited with ${entry.child.exitCode}: ${entry.stderr()}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`the server did not come up: ${entry.stdout()}${entry.stderr()}`);
}

/** The environment that points the server at `location` (made here first on PostgreSQL). */
export async function entryEnv(
  location: TestDatabaseLocation,
  s3?: S3Config,
): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: location.config.dataDir,
    STATIC_DIR: makeStaticDir(),
    LOG_LEVEL: 'warn',
    AUTH_ATTEMPTS_PER_IP: '1000',
  };
  if (location.options.pgSchema !== undefined) {
    // The server's own connection string, pointed at this test's schema (made here first).
    const created = await openDatabase(location.config, location.options);
    await created.close();
    const url = new URL(TEST_DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${location.options.pgSchema}`);
    env.DATABASE_URL = url.toString();
  }
  if (s3) {
    Object.assign(env, {
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: s3.forcePathStyle ? '1' : '0',
    });
  }
  return env;
}

/** Starts server/main.ts with `env` and waits until it answers /api/health. */
export async function startEntry(
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<EntryProcess> {
  const entry = runEntry(env, nodeArgs);
  await waitForHealth(`http://127.0.0.1:${env.PORT}`, entry);
  return entry;
}
