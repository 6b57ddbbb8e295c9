// The session's engine room, loaded once the shell knows it needs it (app/session.ts): someone
// is cached on this device, the server says someone is signed in, or a person signs in, out or
// up. It reads and writes the account in the database, validates the server's answers with zod
// and starts the sync engine and the other signed-in services (app/signedInServices.ts). The
// states and the rules are described in app/session.ts.
import { Trigger, getDb, type AuthState } from '../db/db';
import { getMeta, setAuth } from '../db/meta';
import { countPending } from '../db/queries';
import { meResponseSchema, sessionProbeResponseSchema, type User } from '../protocol/auth';
import { ApiErrorCode, ApiRequestError, apiRequest, isOfflineError } from '../api/api';
import { clearLocalData } from './clearLocalData';
import { requestPersistentStorageOnce } from './storage';
import { getSyncEngine } from './sync';
import { readCachedUser } from './cachedUser';
import {
  CHANNEL_NAME,
  SessionStatus,
  sessionStore,
  type AuthMode,
  type Credentials,
  type SessionMessage,
} from './session';
import { startSignedInServices } from './signedInServices';

let channel: BroadcastChannel | undefined;
/** Whether the server has confirmed the current session since this page opened. */
let confirmed = false;

function broadcast(message: SessionMessage): void {
  channel?.postMessage(message);
}

/** Shows the app for `user` and starts (or resumes) syncing for them. */
function enterSignedIn(user: AuthState, trigger: Trigger): void {
  sessionStore.set({ status: SessionStatus.SignedIn, user });
  startSignedInServices();
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
async function confirmSession(probed?: unknown): Promise<void> {
  const cached = (await getMeta(getDb(), 'auth')) ?? undefined;
  try {
    // An answer the shell already fetched (without zod) is validated here, where zod is loaded.
    const me =
      probed === undefined
        ? await apiRequest('GET', '/auth/session', {
            schema: sessionProbeResponseSchema,
            timeoutMs: 10_000,
          })
        : sessionProbeResponseSchema.parse(probed);
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

/** Another tab signed in or out. */
export async function onMessage(message: SessionMessage): Promise<void> {
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

/**
 * Listens to the other tabs (sign-in and sign-out) and, while unconfirmed, for the network
 * coming back. Idempotent; the shell calls it once it hands the session over to this module.
 */
export function listen(): void {
  if (channel) return;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.addEventListener('message', (event: MessageEvent<SessionMessage>) => {
    void onMessage(event.data);
  });
  window.addEventListener('online', () => {
    if (!confirmed) void confirmSession();
  });
}

/** What the shell already knows when it hands the session over. */
export interface KnownSession {
  /** The user cached on this device, already read (and shown) by the shell. */
  cached?: AuthState | undefined;
  /** The raw answer to `GET /api/auth/session` the shell fetched, not yet validated. */
  probed?: unknown;
}

/** Shows the cached user at once, then confirms with the server. Called once, at startup. */
export async function startSession(known: KnownSession = {}): Promise<void> {
  const cached = 'cached' in known ? known.cached : await readCachedUser();
  if (cached) enterSignedIn(cached, Trigger.Foreground);
  await confirmSession(known.probed);
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
        message: navigator.onLine
          ? 'Can’t reach the Tideline server, and signing out needs it to end your session. Nothing was deleted; try again in a moment.'
          : 'Signing out needs a connection, so the server can end your session. Nothing was deleted; try again when you are online.',
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
