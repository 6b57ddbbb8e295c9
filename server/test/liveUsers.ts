// Signed-in users of a server listening on a real socket (startServer), for tests that need more
// than inject(): streams, several instances. Requests carry the cookie and the server's Origin,
// as the app's own pages would.
import type { User } from '../../src/protocol/auth.js';

export interface LiveUser {
  user: User;
  /** Cookie header value for this user's browser session. */
  cookie: string;
}

let counter = 0;

export async function signUpLive(baseUrl: string, name = 'Tester'): Promise<LiveUser> {
  counter += 1;
  const response = await fetch(`${baseUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({
      email: `live${counter}-${Date.now()}@example.org`,
      password: 'correct horse battery',
      name,
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { user } = (await response.json()) as { user: User };
  return { user, cookie };
}

/** POSTs JSON to `baseUrl + path` as `user` from the app's origin; returns status and body. */
export async function postAs(
  baseUrl: string,
  user: LiveUser,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie: user.cookie },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}
