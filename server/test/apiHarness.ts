// An in-process Tideline API for tests: a fresh, migrated database of the given kind, the real
// Fastify app (driven with inject, no socket), and helpers to create signed-in users.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { User } from '../../src/protocol/auth.js';
import type { DatabaseKind } from '../../src/protocol/health.js';
import { buildApp, type BuildAppOptions } from '../app.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import type { EventBus } from '../events/EventBus.js';
import { InProcessEventBus } from '../events/InProcessEventBus.js';
import { testConfig } from './testConfig.js';
import { openTestDatabase } from './testDatabases.js';

/** The origin inject() requests appear to come from (Host: localhost:80). */
export const APP_ORIGIN = 'http://localhost:80';

export interface TestUser {
  user: User;
  /** Cookie header value for this user's browser session. */
  cookie: string;
  /** Headers for a state-changing request from the app: session cookie and Origin. */
  headers: Record<string, string>;
}

export interface ApiHarness {
  app: FastifyInstance;
  database: DatabaseHandle;
  events: EventBus;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Signs up a new user through the API and returns their session. */
  signUp(email?: string, name?: string): Promise<TestUser>;
  close(): Promise<void>;
}

let counter = 0;

export interface ApiHarnessOptions extends Pick<
  BuildAppOptions,
  'push' | 'logger' | 'connectionTimeouts'
> {
  /** Runs after the app is built and before its routes load (e.g. to add an onRoute hook). */
  beforeReady?(app: FastifyInstance): void;
}

export async function openApiHarness(
  kind: DatabaseKind,
  overrides: Partial<Config> = {},
  options: ApiHarnessOptions = {},
): Promise<ApiHarness> {
  const { database, cleanup } = await openTestDatabase(kind);
  await migrateToLatest(database);
  const events = new InProcessEventBus();
  const app = buildApp({
    config: testConfig(overrides),
    database,
    logger: false,
    events,
    ...(options.push && { push: options.push }),
    ...(options.logger !== undefined && { logger: options.logger }),
    ...(options.connectionTimeouts && { connectionTimeouts: options.connectionTimeouts }),
  });
  options.beforeReady?.(app);
  await app.ready();
  const request = (options: InjectOptions) => app.inject(options);
  return {
    app,
    database,
    events,
    request,
    async signUp(email, name) {
      counter += 1;
      const address = email ?? `user${counter}-${Date.now()}@example.org`;
      const response = await request({
        method: 'POST',
        url: '/api/auth/sign-up',
        headers: { origin: APP_ORIGIN },
        payload: {
          email: address,
          password: 'correct horse battery',
          name: name ?? `User ${counter}`,
        },
      });
      if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.body}`);
      const setCookie = String(response.headers['set-cookie']);
      const cookie = setCookie.split(';')[0] as string;
      const { user } = response.json() as { user: User };
      return { user, cookie, headers: { cookie, origin: APP_ORIGIN } };
    },
    async close() {
      await app.close();
      await events.close();
      await cleanup();
    },
  };
}
