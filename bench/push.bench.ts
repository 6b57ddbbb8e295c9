// Web Push fan-out: one change to a notebook whose members have 10,000 subscribed devices, sent
// by Tideline's dispatcher (coalescing job table, cached VAPID header per origin, keep-alive
// connections, bounded concurrency) to the local push service over HTTPS on loopback, against a
// plain loop of web-push's sendNotification to the same subscriptions in the same run (a JWT per
// message, a new TLS connection per message, one at a time). Figures: messages/s, and the
// sender's CPU time per message (the push service runs in another process). The push service
// decrypts the bodies after the timed fan-out, as the browser would; one more row repeats the
// fan-out with the service decrypting each body on receipt, on the same two cores.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { loadavg } from 'node:os';
import webpush from 'web-push';
import { buildApp } from '../server/app';
import { hashToken, newToken } from '../server/auth/tokens';
import { loadConfig } from '../server/config';
import { migrateToLatest } from '../server/db/migrateToLatest';
import { openDatabase } from '../server/db/openDatabase';
import { generateVapidKeyPair } from '../server/push/vapidKeys';
import { pushTopic, PUSH_TTL_SECONDS } from '../src/protocol/push';
import { makeTempDir, removeTempDirs } from '../server/test/tempDir';
import type { Bench, BenchRow } from './types';

const DEVICES = 10_000;
const DEVICES_PER_MEMBER = 10;
const VAPID_SUBJECT = 'mailto:bench@tideline.invalid';

interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface PushServiceChild {
  origin: string;
  certificatePem: string;
  subscriptions: Subscription[];
  accepted(): Promise<{
    accepted: number;
    refused: number;
    firstRefusal?: unknown;
    connections: number;
  }>;
  close(): void;
}

function ask<T>(child: ChildProcess, message: unknown, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.once('error', reject);
    child.send(message as never);
  });
}

async function startPushService(
  publicKey: string,
  decryption: 'on-receipt' | 'deferred' = 'deferred',
): Promise<PushServiceChild> {
  const child = fork(new URL('./pushService.child.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await ask<{
    origin: string;
    certificatePem: string;
    subscriptions: Subscription[];
  }>(child, { type: 'start', count: DEVICES, publicKey, decryption }, 'ready');
  return {
    ...ready,
    accepted: () => ask(child, { type: 'count' }, 'count'),
    close: () => child.disconnect(),
  };
}

interface Measured {
  perSecond: number;
  cpuMsPerMessage: number;
}

async function measure(count: number, work: () => Promise<void>): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: count / seconds, cpuMsPerMessage: (used.user + used.system) / 1000 / count };
}

async function expectDelivered(service: PushServiceChild, total: number, what: string) {
  const counts = await service.accepted();
  if (counts.accepted !== total || counts.refused !== 0) {
    throw new Error(
      `${what}: push service accepted ${counts.accepted} of ${total}, refused ${counts.refused} (${JSON.stringify(counts.firstRefusal)})`,
    );
  }
  return counts;
}

/**
 * web-push's sendNotification in a plain loop, as an application server without a queue would.
 * The self-signed push service is trusted through the agent's CA, never globally. A new Agent
 * does not keep connections alive (Node's default), so each message makes a TLS connection;
 * `keepAlive` gives the loop one reused connection instead (a second, stricter baseline).
 */
async function plainLoop(
  service: PushServiceChild,
  keys: { publicKey: string; privateKey: string },
  keepAlive = false,
) {
  const agent = new https.Agent({ ca: service.certificatePem, keepAlive });
  const notebookId = randomUUID();
  const payload = JSON.stringify({ type: 'poke', notebookId, version: 2, by: 'Ana', changes: 1 });
  const result = await measure(service.subscriptions.length, async () => {
    for (const subscription of service.subscriptions) {
      await webpush.sendNotification(subscription, payload, {
        vapidDetails: { subject: VAPID_SUBJECT, ...keys },
        TTL: PUSH_TTL_SECONDS,
        urgency: 'normal',
        topic: pushTopic(notebookId),
        agent,
      });
    }
  });
  agent.destroy();
  return result;
}

/** The same fan-out through Tideline: one change pushed through the API, then the dispatcher. */
async function tidelineFanOut(
  service: PushServiceChild,
  keys: { publicKey: string; privateKey: string },
) {
  const dataDir = makeTempDir('tideline-bench-push-');
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUSH_ALLOW_LOOPBACK: '1' }),
    push: {
      ...loadConfig({}).push,
      vapidKeys: keys,
      vapidSubject: VAPID_SUBJECT,
      allowLoopback: true,
    },
  };
  const database = await openDatabase(config);
  await migrateToLatest(database);
  const app = buildApp({
    config,
    database,
    logger: false,
    push: { ca: service.certificatePem, coalesceMs: 0 },
  });
  await app.ready();
  try {
    const origin = 'http://localhost:80';
    const signUp = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-up',
      headers: { origin },
      payload: {
        email: `ana-${randomUUID()}@example.org`,
        password: 'bench password',
        name: 'Ana',
      },
    });
    const headers = {
      origin,
      cookie: String(signUp.headers['set-cookie']).split(';')[0] as string,
    };
    const clientId = randomUUID();
    const notebookId = randomUUID();
    const sync = async (id: number, name: string, args: unknown) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers,
        payload: { clientId, mutations: [{ id, name, args }] },
      });
      if (response.json().applied !== 1) throw new Error(`push: ${response.body}`);
    };
    await sync(1, 'notebook.create', { id: notebookId, name: 'Survey' });

    // Teammates with DEVICES_PER_MEMBER signed-in, subscribed devices each.
    const now = Date.now();
    await database.db.transaction().execute(async (tx) => {
      for (let m = 0; m < DEVICES / DEVICES_PER_MEMBER; m++) {
        const userId = randomUUID();
        await tx
          .insertInto('users')
          .values({
            id: userId,
            email: `${userId}@example.org`,
            name: `Member ${m}`,
            password_hash: 'x',
            created_at: now,
          })
          .execute();
        await tx
          .insertInto('memberships')
          .values({ notebook_id: notebookId, user_id: userId, role: 'editor', joined_at: now })
          .execute();
        for (let d = 0; d < DEVICES_PER_MEMBER; d++) {
          const subscription = service.subscriptions[m * DEVICES_PER_MEMBER + d] as Subscription;
          const sessionId = randomUUID();
          await tx
            .insertInto('sessions')
            .values({
              token_hash: hashToken(newToken()),
              id: sessionId,
              user_id: userId,
              kind: 'cookie',
              device_name: 'phone',
              created_at: now,
              last_seen_at: now,
              expires_at: now + 86_400_000,
            })
            .execute();
          await tx
            .insertInto('push_subscriptions')
            .values({
              id: randomUUID(),
              session_id: sessionId,
              user_id: userId,
              endpoint: subscription.endpoint,
              p256dh: subscription.keys.p256dh,
              auth: subscription.keys.auth,
              expiration_time: null,
              created_at: now,
              updated_at: now,
            })
            .execute();
        }
      }
    });

    let sent = 0;
    const result = await measure(DEVICES, async () => {
      await sync(2, 'entry.put', {
        id: randomUUID(),
        notebookId,
        baseVersion: 0,
        fields: { title: 'High tide' },
      });
      sent = (await app.push.drainOnce()).sent;
    });
    if (sent !== DEVICES) throw new Error(`the dispatcher sent ${sent} of ${DEVICES}`);
    return result;
  } finally {
    await app.close();
    await database.close();
    removeTempDirs();
  }
}

export const bench: Bench = {
  name: 'Web Push fan-out to 10,000 devices',
  async run(): Promise<BenchRow[]> {
    const keys = generateVapidKeyPair();
    const service = await startPushService(keys.publicKey);
    try {
      const load = loadavg()
        .map((value) => value.toFixed(2))
        .join(' ');
      const ours = await tidelineFanOut(service, keys);
      const afterOurs = await expectDelivered(service, DEVICES, 'Tideline');
      const plain = await plainLoop(service, keys);
      const afterPlain = await expectDelivered(service, 2 * DEVICES, 'plain loop');
      const kept = await plainLoop(service, keys, true);
      await expectDelivered(service, 3 * DEVICES, 'plain loop, keep-alive');
      // The same fan-out to a push service that decrypts every body as it arrives, on the same
      // two cores: what the sender gets when the receiving side's work competes with it.
      const eager = await startPushService(keys.publicKey, 'on-receipt');
      let oursEager: Measured;
      try {
        oursEager = await tidelineFanOut(eager, keys);
        await expectDelivered(eager, DEVICES, 'Tideline, push service decrypting on receipt');
      } finally {
        eager.close();
      }
      console.error(
        `push bench: load average before ${load}, after ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}; ` +
          `connections: Tideline ${afterOurs.connections}, plain loop ${afterPlain.connections - afterOurs.connections}`,
      );
      return [
        {
          scenario: 'push fan-out, 10,000 devices, HTTPS (SQLite)',
          figure: ours.perSecond,
          baseline: plain.perSecond,
          unit: 'msg/s',
          baselineName: 'plain web-push sendNotification loop',
        },
        {
          scenario: 'push fan-out, 10,000 devices, HTTPS (SQLite)',
          figure: ours.perSecond,
          baseline: kept.perSecond,
          unit: 'msg/s',
          baselineName: 'the same loop with a keep-alive agent',
        },
        {
          scenario: 'push fan-out, the push service decrypting on receipt (same 2 cores)',
          figure: oursEager.perSecond,
          baseline: plain.perSecond,
          unit: 'msg/s',
          baselineName: 'plain web-push sendNotification loop',
        },
        {
          scenario: 'push sender CPU per message (lower is better)',
          figure: ours.cpuMsPerMessage,
          baseline: plain.cpuMsPerMessage,
          unit: 'ms',
          baselineName: 'plain web-push sendNotification loop',
        },
        {
          scenario: 'push sender CPU per message (lower is better)',
          figure: ours.cpuMsPerMessage,
          baseline: kept.cpuMsPerMessage,
          unit: 'ms',
          baselineName: 'the same loop with a keep-alive agent',
        },
      ];
    } finally {
      service.close();
    }
  },
};
