// A Tideline API (in-process, SQLite or PostgreSQL) wired to the local push service from
// e2e/support, for push delivery tests: a fake clock drives retries and leases, delivery runs
// only when a test calls drain(), and helpers make a shared notebook and register devices.
import { randomUUID } from 'node:crypto';
import type { DatabaseKind } from '../../../src/protocol/health.js';
import type { CreateInviteResponse } from '../../../src/protocol/notebooks.js';
import {
  LocalPushService,
  type CreateSubscriptionOptions,
  type TestSubscription,
} from '../../../e2e/support/localPushService.js';
import type { Config } from '../../config.js';
import {
  APP_ORIGIN,
  openApiHarness,
  type ApiHarness,
  type TestUser,
} from '../../test/apiHarness.js';
import { entryPut, notebookCreate, TestSyncClient } from '../../test/syncClient.js';
import { testConfig } from '../../test/testConfig.js';
import type { DrainSummary } from '../PushDispatcher.js';
import type { HostResolver } from '../resolvePushHost.js';

export const ADMIN_TOKEN = 'operator-token-for-tests-0123456789';

export interface PushTestbed {
  api: ApiHarness;
  service: LocalPushService;
  clock: { now: number; advance(ms: number): void };
  publicKey: string;
  /** Signs `user` in again: another device (session) of the same person. */
  signIn(user: TestUser): Promise<TestUser>;
  /** A notebook owned by `owner` that each of `members` joined as an editor. */
  sharedNotebook(owner: TestUser, members: TestUser[]): Promise<string>;
  /** A new subscription at the local push service, saved through the API for `user`. */
  subscribe(user: TestUser, options?: CreateSubscriptionOptions): Promise<TestSubscription>;
  /** One entry.put by `client` in `notebookId`. */
  change(client: TestSyncClient, notebookId: string, title?: string): Promise<void>;
  drain(): Promise<DrainSummary>;
  jobs(): Promise<
    {
      state: string;
      attempts: number;
      next_attempt_at: number;
      last_error: string | null;
      changes: number;
      version: number;
    }[]
  >;
  close(): Promise<void>;
}

export interface PushTestbedOptions {
  resolver?: HostResolver;
  config?: Partial<Config>;
}

export async function openPushTestbed(
  kind: DatabaseKind,
  options: PushTestbedOptions = {},
): Promise<PushTestbed> {
  const service = await LocalPushService.start();
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const base = testConfig();
  const api = await openApiHarness(
    kind,
    { push: { ...base.push, allowLoopback: true }, adminToken: ADMIN_TOKEN, ...options.config },
    {
      push: {
        now: () => clock.now,
        random: () => 0,
        ca: service.certificatePem,
        coalesceMs: 0,
        ...(options.resolver !== undefined ? { resolver: options.resolver } : {}),
      },
    },
  );
  const publicKey = await api.app.push.publicKey();
  service.expectedPublicKey = publicKey;

  return {
    api,
    service,
    clock,
    publicKey,
    async signIn(user) {
      const response = await api.request({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { origin: APP_ORIGIN },
        payload: { email: user.user.email, password: 'correct horse battery' },
      });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      const cookie = String(response.headers['set-cookie']).split(';')[0] as string;
      return { user: user.user, cookie, headers: { cookie, origin: APP_ORIGIN } };
    },
    async sharedNotebook(owner, members) {
      const notebookId = randomUUID();
      await new TestSyncClient(api, owner).push([notebookCreate(notebookId, 'Field notes')]);
      for (const member of members) {
        const invite = await api.request({
          method: 'POST',
          url: `/api/notebooks/${notebookId}/invites`,
          headers: owner.headers,
          payload: { role: 'editor' },
        });
        const { token } = invite.json() as CreateInviteResponse;
        const accepted = await api.request({
          method: 'POST',
          url: `/api/invites/${token}/accept`,
          headers: member.headers,
        });
        if (accepted.statusCode !== 200) throw new Error(`join failed: ${accepted.body}`);
      }
      return notebookId;
    },
    async subscribe(user, subscriptionOptions = {}) {
      const subscription = service.createSubscription({
        applicationServerKey: publicKey,
        ...subscriptionOptions,
      });
      const response = await api.request({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: user.headers,
        payload: { subscription: subscription.subscription },
      });
      if (response.statusCode !== 204) throw new Error(`subscribe failed: ${response.body}`);
      return subscription;
    },
    async change(client, notebookId, title = 'an entry') {
      const result = await client.push([entryPut(notebookId, { title })]);
      if (result.applied !== 1) throw new Error(`change not applied: ${JSON.stringify(result)}`);
    },
    drain: () => api.app.push.drainOnce(),
    async jobs() {
      const rows = await api.database.db
        .selectFrom('push_jobs')
        .select(['state', 'attempts', 'next_attempt_at', 'last_error', 'changes', 'version'])
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        ...row,
        attempts: Number(row.attempts),
        next_attempt_at: Number(row.next_attempt_at),
        changes: Number(row.changes),
        version: Number(row.version),
      }));
    },
    async close() {
      await api.close();
      await service.close();
    },
  };
}
