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
import { Trigger, getDb, type AuthState } from '../db/db';
import { getMeta, setAuth } from '../db/meta';
import { countPending } from '../db/queries';
import { meResponseSchema, sessionProbeResponseSchema, type User } from '../protocol/auth';
import { ApiErrorCode, ApiRequestError, apiRequest, isOfflineError } from '../api/api';
import { clearLocalData } from './clearLocalData';
import { requestPersistentStorageOnce } from './storage';
import { readWithStallGuard } from './storageStall';
import { Store } from './Store';
import { getSyncEngine } from './sync';

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

const CHANNEL_NAME = 'tideline-session';
type SessionMessage = { type: 'signed-in' } | { type: 'signed-out' };

let channel: BroadcastChannel | undefined;
/** Whether the server has confirmed the current session since this page opened. */
let confirmed = false;

function broadcast(message: SessionMessage): void {
  channel?.postMessage(message);
}

/** Shows the app for `user` and starts (or resumes) syncing for them. */
function enterSignedIn(user: AuthState, trigger: Trigger): void {
  sessionStore.set({ status: SessionStatus.SignedIn, user });
  const engine = getSyncEngine();
  // start() reloads the counts, which a sign-in on another account has just reset.
  void engine
    .start()
    .then(() => (trigger === Trigger.Resume ? engine.resume() : engine.trigger(trigger)));
}

/** Records `user` as this device's account, first deleting another account's data. */
async function adopt(user: User): Promise<AuthState> {
  const db = getDb();
  const previous = await getMeta(db, 'auth');
  if (previous && previous.userId !== user.id) await clearLocalData();
  const auth: AuthState = { userId: user.id, name: user.name, email: user.email };
  await setAuth(db, auth);
  confirmed = true;
  return auth;
}

/** Asks the server who the session cookie belongs to and updates the store. */
async function confirmSession(): Promise<void> {
  const cached = (await getMeta(getDb(), 'auth')) ?? undefined;
  try {
    const me = await apiRequest('GET', '/auth/session', {
      schema: sessionProbeResponseSchema,
      timeoutMs: 10_000,
    });
    if (me.user === null) {
      sessionStore.set({ status: SessionStatus.SignedOut, ...(cached && { user: cached }) });
      return;
    }
    const auth = await adopt(me.user);
    const { status, user } = sessionStore.value;
    if (status === SessionStatus.SignedIn && user?.userId === auth.userId) {
      sessionStore.update({ user: auth });
    } else {
      enterSignedIn(auth, Trigger.Foreground);
    }
  } catch {
    if (!cached) {
      // Nobody known and no answer: the sign-in page explains that it needs a connection.
      sessionStore.set({ status: SessionStatus.SignedOut });
    }
    // Otherwise (offline, server trouble) keep working as the cached user.
  }
}

async function onMessage(message: SessionMessage): Promise<void> {
  if (message.type === 'signed-out') {
    confirmed = false;
    sessionStore.set({ status: SessionStatus.SignedOut });
    await getSyncEngine().start();
    return;
  }
  const auth = await getMeta(getDb(), 'auth');
  if (auth) {
    confirmed = true;
    enterSignedIn(auth, Trigger.Resume);
  }
}

/** Shows the cached user at once, then confirms with the server. Call once, at startup. */
export async function startSession(): Promise<void> {
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.addEventListener('message', (event: MessageEvent<SessionMessage>) => {
    void onMessage(event.data);
  });
  window.addEventListener('online', () => {
    if (!confirmed) void confirmSession();
  });
  // The first read of the app's storage: a blocked database is reopened, then reported.
  const cached = await readWithStallGuard(() => getMeta(getDb(), 'auth')).catch(() => undefined);
  if (cached) enterSignedIn(cached, Trigger.Foreground);
  await confirmSession();
}

/**
 * Signs in or creates an account, then syncs: whatever waited while signed out (or while the
 * session was expired) goes out. Throws an ApiRequestError in plain words on failure.
 */
export async function signIn(mode: AuthMode, credentials: Credentials): Promise<AuthState> {
  const { email, password, name } = credentials;
  const body = mode === 'sign-up' && name ? { email, password, name } : { email, password };
  const me = await apiRequest('POST', `/auth/${mode}`, { body, schema: meResponseSchema });
  const auth = await adopt(me.user);
  enterSignedIn(auth, Trigger.Resume);
  broadcast({ type: 'signed-in' });
  void requestPersistentStorageOnce();
  return auth;
}

/**
 * Changes made on this device that the server does not have: `pending` still in the outbox,
 * `refused` in the dead letters. Signing out deletes both.
 */
export async function unsentChanges(): Promise<{ pending: number; refused: number }> {
  const db = getDb();
  return { pending: await countPending(db), refused: await db.deadLetters.count() };
}

/**
 * Unsent changes that signing in as `email` would delete, because they belong to another
 * account (0 when `email` is the account this device knows, or nothing is waiting).
 */
export async function unsentChangesOfOtherAccount(
  email: string,
): Promise<{ count: number; email: string }> {
  const db = getDb();
  const auth = await getMeta(db, 'auth');
  const known = auth?.email?.trim().toLowerCase();
  if (!auth || !known || known === email.trim().toLowerCase()) return { count: 0, email: '' };
  return { count: await countPending(db), email: auth.email ?? '' };
}

/**
 * Ends the session on the server, then deletes this account's data from the device. Offline it
 * refuses (the session cookie can only be cleared by the server) and deletes nothing.
 */
export async function signOut(): Promise<void> {
  try {
    await apiRequest('POST', '/auth/sign-out');
  } catch (error) {
    if (isOfflineError(error)) {
      throw new ApiRequestError({
        status: 0,
        code: ApiErrorCode.Offline,
        message:
          'Signing out needs a connection, so the server can end your session. Nothing was deleted; try again when you are online.',
        cause: error,
      });
    }
    // 401: the session had already ended; finish signing out here.
    if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
  }
  await clearLocalData();
  confirmed = false;
  sessionStore.set({ status: SessionStatus.SignedOut });
  await getSyncEngine().start();
  broadcast({ type: 'signed-out' });
}
