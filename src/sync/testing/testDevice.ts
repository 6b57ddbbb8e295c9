// Test fixtures for the sync core, usable with any Tideline server reachable over HTTP: sign up
// and get a bearer token, open a device (a fresh local database with its transport), and fetch
// wrappers that fail on demand. Tests provide IndexedDB (fake-indexeddb) and the server.
import type { TokenResponse, User } from '../../protocol/auth';
import { TidelineDB } from '../../db/db';
import { setAuth } from '../../db/meta';
import { createFetchTransport } from '../createFetchTransport';
import type { Transport } from '../Transport';

let counter = 0;

export interface TestAccount {
  user: User;
  email: string;
  token: string;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

/** Signs up through the API, then trades the password for a bearer token. */
export async function signUpWithToken(baseUrl: string, name?: string): Promise<TestAccount> {
  counter += 1;
  const email = `device${counter}-${Date.now()}@example.org`;
  const password = 'correct horse battery';
  await postJson(`${baseUrl}/api/auth/sign-up`, {
    email,
    password,
    name: name ?? `Person ${counter}`,
  });
  const { token, user } = (await postJson(`${baseUrl}/api/auth/tokens`, {
    email,
    password,
    deviceName: 'sync test',
  })) as TokenResponse;
  return { user, email, token };
}

/** An authenticated JSON request to any API route (invites, members…). */
export async function apiRequest(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** A fresh local database with a name no other test uses. */
export function openTestDb(label = 'device'): TidelineDB {
  counter += 1;
  return new TidelineDB(`tideline-test-${label}-${counter}-${Math.random().toString(36).slice(2)}`);
}

export interface TestDevice {
  db: TidelineDB;
  transport: Transport;
  account: TestAccount;
}

/** One browser profile of `account`: its own database, client id and transport. */
export async function openDevice(
  baseUrl: string,
  account: TestAccount,
  fetchImpl: typeof fetch = fetch,
): Promise<TestDevice> {
  const db = openTestDb();
  await setAuth(db, { userId: account.user.id, name: account.user.name });
  const transport = createFetchTransport({
    baseUrl,
    headers: { authorization: `Bearer ${account.token}` },
    fetch: fetchImpl,
  });
  return { db, transport, account };
}

/** A fetch that answers from `plan` while it returns a Response, and passes through otherwise. */
export function scriptedFetch(
  plan: (url: string, call: number) => Response | Error | undefined,
  inner: typeof fetch = fetch,
): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const wrapped = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    const scripted = plan(url, calls.length);
    if (scripted instanceof Error) throw scripted;
    if (scripted) return scripted;
    return inner(input, init);
  }) as typeof fetch & { calls: string[] };
  wrapped.calls = calls;
  return wrapped;
}

/** A server error response with the shared error body. */
export function errorResponse(
  status: number,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message: `scripted ${status}` } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
