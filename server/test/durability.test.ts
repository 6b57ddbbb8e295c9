// Crash durability (see docs/reliability.md): the real server (server/main.ts as a child process)
// takes pushes from several clients at full speed and is killed with SIGKILL at random moments,
// then restarted on the same data. Every mutation it acknowledged must survive, nothing may be
// applied twice, each client's lastMutationId must match what it sent, and every notebook's
// versions must run without gaps.
//
//   DURABILITY_KILLS=50 npx vitest run server/test/durability.test.ts    more kills (default 5)
//   DURABILITY_SEED=7 …                                                 replay batch sizes and kill moments
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../src/protocol/auth.js';
import type { PushResponse } from '../../src/protocol/sync.js';
import { openDatabase } from '../db/openDatabase.js';
import {
  DurabilityPusher,
  seededRandom,
  type PutMutation,
  type ServerAddress,
} from './durabilityPusher.js';
import { freePort, waitForHealth } from './entryServer.js';
import { killEntries, runEntry } from './runEntry.js';
import { makeStaticDir } from './staticFixture.js';
import { removeTempDirs } from './tempDir.js';
import { testDatabaseLocation, testDatabaseTargets, TEST_DATABASE_URL } from './testDatabases.js';

afterAll(() => {
  killEntries();
  removeTempDirs();
});

const KILLS = Number(process.env.DURABILITY_KILLS ?? 5);
const SEED = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CLIENTS = 4;
const PASSWORD = 'correct horse battery';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postJson(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** Where each entry should end up: its last title, and how many puts it took. */
function expectedEntries(pushers: DurabilityPusher[]) {
  const entries = new Map<string, { notebookId: string; title: string; puts: number }>();
  const putsPerNotebook = new Map<string, number>();
  for (const mutation of pushers.flatMap((pusher): PutMutation[] => pusher.made)) {
    const { id, notebookId, fields } = mutation.args;
    const known = entries.get(id);
    entries.set(id, { notebookId, title: fields.title, puts: (known?.puts ?? 0) + 1 });
    putsPerNotebook.set(notebookId, (putsPerNotebook.get(notebookId) ?? 0) + 1);
  }
  return { entries, putsPerNotebook };
}

for (const { kind, enabled } of testDatabaseTargets) {
  describe.runIf(enabled)(`crash durability on ${kind}`, () => {
    it(
      `keeps every acknowledged mutation, exactly once, over ${KILLS} SIGKILLs`,
      async () => {
        const location = testDatabaseLocation(kind);
        const env: NodeJS.ProcessEnv = {
          PORT: String(await freePort()),
          HOST: '127.0.0.1',
          DATA_DIR: location.config.dataDir,
          STATIC_DIR: makeStaticDir(),
          LOG_LEVEL: 'warn',
          AUTH_ATTEMPTS_PER_IP: '1000',
        };
        if (kind === 'postgres') {
          // The server's own connection string, pointed at this test's schema (made here first).
          const schema = location.options.pgSchema!;
          const created = await openDatabase(location.config, location.options);
          await created.close();
          const url = new URL(TEST_DATABASE_URL!);
          url.searchParams.set('options', `-c search_path=${schema}`);
          env.DATABASE_URL = url.toString();
        }
        const server: ServerAddress = { url: `http://127.0.0.1:${env.PORT}` };
        const baseUrl = server.url!;
        const start = async () => {
          const entry = runEntry(env);
          await waitForHealth(baseUrl, entry);
          return entry;
        };

        let entry = await start();
        const origin = { origin: baseUrl };
        const email = `durability-${kind}@example.org`;
        await postJson(`${baseUrl}/api/auth/sign-up`, { email, password: PASSWORD }, origin);
        const { token } = (await postJson(
          `${baseUrl}/api/auth/tokens`,
          { email, password: PASSWORD },
          origin,
        )) as TokenResponse;
        const notebookIds = [crypto.randomUUID(), crypto.randomUUID()];
        const created = (await postJson(
          `${baseUrl}/api/sync/push`,
          {
            clientId: crypto.randomUUID(),
            mutations: notebookIds.map((id, index) => ({
              id: index + 1,
              name: 'notebook.create',
              args: { id, name: `Notebook ${index + 1}` },
            })),
          },
          { authorization: `Bearer ${token}` },
        )) as PushResponse;
        expect(created.applied).toBe(2);

        const random = seededRandom(SEED);
        const pushers = Array.from(
          { length: CLIENTS },
          (_, index) => new DurabilityPusher(`c${index}`, token, notebookIds, SEED + index + 1),
        );
        const acknowledged = () => pushers.reduce((sum, pusher) => sum + pusher.acknowledged, 0);
        let pushing = true;
        const running = pushers.map((pusher) => pusher.run(server, () => pushing));

        const killedAt: number[] = [];
        for (let kill = 0; kill < KILLS; kill++) {
          // Let the clients get going on this run of the server, then kill it mid-stream.
          const before = acknowledged();
          while (acknowledged() === before) await sleep(10);
          await sleep(50 + Math.floor(random() * 600));
          killedAt.push(acknowledged());
          entry.child.kill('SIGKILL');
          await entry.exited;
          entry = await start();
        }

        // Heal: no more kills; every client delivers what it made.
        pushing = false;
        await Promise.all(running);
        await Promise.all(pushers.map((pusher) => pusher.run(server, () => true, false)));
        const exited = entry.exited;
        entry.child.kill('SIGTERM');
        await exited;

        const violations = pushers.flatMap((pusher) => pusher.violations);
        expect(violations, `seed ${SEED}`).toEqual([]);

        const database = await openDatabase(location.config, location.options);
        try {
          const { db } = database;
          const clients = await db.selectFrom('sync_clients').selectAll().execute();
          for (const pusher of pushers) {
            const row = clients.find((client) => client.client_id === pusher.clientId);
            expect(Number(row?.last_mutation_id), `${pusher.name}, seed ${SEED}`).toBe(
              pusher.made.length,
            );
          }
          expect(await db.selectFrom('rejections').selectAll().execute()).toEqual([]);

          const expected = expectedEntries(pushers);
          const entries = await db
            .selectFrom('entries')
            .select(['id', 'notebook_id', 'title', 'version'])
            .execute();
          expect(entries.length, `seed ${SEED}`).toBe(expected.entries.size);
          for (const row of entries) {
            expect(row.title, `entry ${row.id}, seed ${SEED}`).toBe(
              expected.entries.get(row.id)?.title,
            );
          }
          // Applied twice, a put would leave an extra history row and take an extra version.
          const history = await db
            .selectFrom('entry_history')
            .select(['entry_id', 'notebook_id', 'version'])
            .execute();
          const historyPerEntry = new Map<string, number>();
          for (const row of history) {
            historyPerEntry.set(row.entry_id, (historyPerEntry.get(row.entry_id) ?? 0) + 1);
          }
          for (const [id, { puts }] of expected.entries) {
            expect(historyPerEntry.get(id) ?? 0, `entry ${id}, seed ${SEED}`).toBe(puts - 1);
          }
          for (const notebook of await db.selectFrom('notebooks').selectAll().execute()) {
            const versions = [
              ...entries.filter((row) => row.notebook_id === notebook.id),
              ...history.filter((row) => row.notebook_id === notebook.id),
            ]
              .map((row) => Number(row.version))
              .sort((a, b) => a - b);
            const puts = expected.putsPerNotebook.get(notebook.id) ?? 0;
            const top = Number(notebook.version);
            // Every put took one version; together they run without gaps up to the notebook's.
            expect(versions, `notebook ${notebook.id}, seed ${SEED}`).toEqual(
              Array.from({ length: puts }, (_, index) => top - puts + 1 + index),
            );
          }
        } finally {
          await database.close();
          await location.cleanup();
        }

        const made = pushers.reduce((sum, pusher) => sum + pusher.made.length, 0);
        const stats = pushers.map((pusher) => pusher.stats);
        // DURABILITY_REPORT=1: the figures docs/reliability.md quotes.
        if (process.env.DURABILITY_REPORT) {
          console.warn(
            `crash durability on ${kind}: seed ${SEED}, ${KILLS} kills, ${CLIENTS} clients, ` +
              `${made} mutations acknowledged and checked, ` +
              `${stats.reduce((sum, s) => sum + s.pushes, 0)} pushes, ` +
              `${stats.reduce((sum, s) => sum + s.cutOff, 0)} cut off by a kill, ` +
              `${stats.reduce((sum, s) => sum + s.skipped, 0)} resent mutations skipped as done; ` +
              `acknowledged at each kill: ${killedAt.join(', ')}`,
          );
        }
        expect(made).toBeGreaterThan(KILLS);
      },
      60_000 + KILLS * 20_000,
    );
  });
}
