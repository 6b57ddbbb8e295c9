// Who is signed in on this device, for the shell (which pages to show), the header and the sync
// engine. Offline-first: the user cached in `meta.auth` counts at once, so the app opens offline;
// the server confirms it (GET /api/auth/session, which answers 200 with nulls for nobody, so a
// signed-out visit logs no failed request) when it can.
//
//   unknown ──cached user──▶ signed-in ──user──▶ signed-in (confirmed)
//      │                         │ null
//      │ no cached user          ▼
//      └──user──▶ signed-in      signed-out ◀── signOut() (local data deleted)
//         null or offline ──▶ signed-out
//
//   · a null answer keeps local data: signing in again as the same account picks up where it left
//     off, unsent changes included. Signing in as another account deletes it first (the server
//     ties this device's sync client to one account).
//   · offline with a cached user stays signed-in and is confirmed once the browser is online.
//   · a session that ends while the app is in use is not "signed-out": the sync engine pauses
//     (paused-auth), writes keep queueing and the status bar asks the user to sign in again;
//     signIn() resumes the engine and the queued changes go out.
//
// Other tabs of the profile hear about sign-in and sign-out on a BroadcastChannel.
//
// This module is the shell's part and stays small: the database, zod and the sync engine are
// not needed to greet a signed-out visitor, so they load only when a session needs them
// (app/sessionEngine.ts):
//
//   start ── a cached user in the database (if it exists) ──▶ shown at once ──┐
//     │ none                                                                   ├─▶ engine: confirm,
//     └──▶ GET /api/auth/session (plain fetch, checked by hand) ── someone ────┘   validate (zod),
//                                  │ nobody or no answer                           adopt, sync
//                                  ▼
//                         signed-out, engine not loaded
//
// Signing in, up or out, and another tab signing in, load the engine too.
import type { AuthState } from '../db/db';
import { DB_NAME } from '../db/dbName';
import type * as SessionEngine from './sessionEngine';
import { Store } from './Store';

export const SessionStatus = {
  Unknown: 'unknown',
  SignedIn: 'signed-in',
  SignedOut: 'signed-out',
} as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

export interface SessionState {
  status: SessionStatus;
  /** Who is signed in — or, when signed out with their data kept, who was (to sign in again). */
  user?: AuthState;
}

export const sessionStore = new Store<SessionState>({ status: SessionStatus.Unknown });

export type AuthMode = 'sign-in' | 'sign-up';

export interface Credentials {
  email: string;
  password: string;
  /** Sign-up only: how teammates see this person. */
  name?: string;
}

export const CHANNEL_NAME = 'tideline-session';
export type SessionMessage = { type: 'signed-in' } | { type: 'signed-out' };

/** How long the start-up probe waits for the server. */
const PROBE_TIMEOUT_MS = 10_000;

type Engine = typeof SessionEngine;
let loading: Promise<Engine> | undefined;
/** Stops the shell's own listeners once the engine has taken over. */
let stopWaiting: (() => void) | undefined;

/** The session engine, loaded once and listening (to other tabs, to the network) from then on. */
async function engine(): Promise<Engine> {
  loading ??= import('./sessionEngine');
  const loaded = await loading;
  stopWaiting?.();
  stopWaiting = undefined;
  loaded.listen();
  return loaded;
}

/** How long listing the databases may take before the answer counts as "maybe". */
const LIST_DATABASES_MS = 1000;

/**
 * Whether Tideline's database may exist in this browser profile (a cached user, unsent
 * changes). Where the browser cannot list its databases, or does not answer at once (a stalled
 * IndexedDB, which the read that follows reports), assume it does.
 */
async function mayHaveLocalData(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases !== 'function') return true;
  const listed = indexedDB
    .databases()
    .then((databases) => databases.some(({ name }) => name === DB_NAME))
    .catch(() => true);
  const late = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(true), LIST_DATABASES_MS),
  );
  return Promise.race([listed, late]);
}

/** The answer to GET /api/auth/session as far as the shell needs it; validated later by zod. */
interface Probe {
  raw: unknown;
  signedIn: boolean;
}

/**
 * Asks the server who the session cookie belongs to, without zod: a hand check of the one field
 * the shell branches on. No answer, or one that is not the API's, is `undefined`.
 */
async function probeSession(): Promise<Probe | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch('/api/auth/session', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal: controller.signal,
    });
    if (!response.ok) return undefined;
    const raw: unknown = await response.json();
    if (typeof raw !== 'object' || raw === null || !('user' in raw)) return undefined;
    const { user } = raw;
    if (user === null) return { raw, signedIn: false };
    return typeof user === 'object' ? { raw, signedIn: true } : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Signed out with nothing on this device: the engine stays unloaded until another tab signs in
 * or the network comes back with a session (a cookie set while this page was offline).
 */
function waitForSignIn(): void {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.addEventListener('message', (event: MessageEvent<SessionMessage>) => {
    if (event.data.type === 'signed-in') {
      void engine().then((loaded) => loaded.onMessage(event.data));
    }
  });
  const onOnline = (): void => {
    void probeSession().then(async (probe) => {
      if (probe?.signedIn) await (await engine()).startSession({ probed: probe.raw });
    });
  };
  window.addEventListener('online', onOnline);
  stopWaiting = () => {
    channel.close();
    window.removeEventListener('online', onOnline);
  };
}

/** Shows the cached user at once, then confirms with the server. Call once, at startup. */
export async function startSession(): Promise<void> {
  if (await mayHaveLocalData()) {
    const { readCachedUser } = await import('./cachedUser');
    const cached = await readCachedUser();
    if (cached) {
      // The first paint need not wait for the sync engine: the pages read the database.
      sessionStore.set({ status: SessionStatus.SignedIn, user: cached });
      await (await engine()).startSession({ cached });
      return;
    }
  }
  const probe = await probeSession();
  if (probe?.signedIn) {
    await (await engine()).startSession({ probed: probe.raw });
    return;
  }
  // Nobody known and nobody signed in (or no answer: the sign-in page explains that it needs a
  // connection).
  sessionStore.set({ status: SessionStatus.SignedOut });
  waitForSignIn();
}

/**
 * Signs in or creates an account, then syncs: whatever waited while signed out (or while the
 * session was expired) goes out. Throws an ApiRequestError in plain words on failure.
 */
export async function signIn(mode: AuthMode, credentials: Credentials): Promise<AuthState> {
  return (await engine()).signIn(mode, credentials);
}

/**
 * Changes made on this device that the server does not have: `pending` still in the outbox,
 * `refused` in the dead letters. Signing out deletes both.
 */
export async function unsentChanges(): Promise<{ pending: number; refused: number }> {
  return (await engine()).unsentChanges();
}

/**
 * Unsent changes that signing in as `email` would delete, because they belong to another
 * account (0 when `email` is the account this device knows, or nothing is waiting).
 */
export async function unsentChangesOfOtherAccount(
  email: string,
): Promise<{ count: number; email: string }> {
  return (await engine()).unsentChangesOfOtherAccount(email);
}

/**
 * Ends the session on the server, then deletes this account's data from the device. Offline it
 * refuses (the session cookie can only be cleared by the server) and deletes nothing.
 */
export async function signOut(): Promise<void> {
  return (await engine()).signOut();
}
