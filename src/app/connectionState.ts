// The one plain state of the connection, and its words, for every screen that talks about it.
//
// Two facts decide it: whether the browser says it is online, and how the sync engine's last run
// ended. They can disagree — the browser is online while the server is down — so they are never
// shown side by side; one state is derived from both and shown everywhere (status bar, dialogs,
// pages), so "Online" never stands beside "…when you are back online".
//
//   browser offline ───────────────────────────────────────────▶ offline
//   browser online ─┬─ nobody signed in ─────────────────────────▶ online
//                   ├─ session ended (401) ──────────────────────▶ signed-out
//                   ├─ running ──────────────────────────────────▶ syncing
//                   ├─ no answer from the server ────────────────▶ unreachable   (retries, counts down)
//                   ├─ 429 / 503 / 408 ──────────────────────────▶ server-busy   (retries, counts down)
//                   ├─ any other 5xx ────────────────────────────▶ server-error  (retries, counts down)
//                   ├─ anything else (refused answer, full disk) ▶ problem
//                   ├─ changes not sent yet ─────────────────────▶ waiting
//                   └─ otherwise ────────────────────────────────▶ synced
import { SyncErrorCode, isBusyStatus, serverTroubleSentence } from '../sync/errors';
import { SyncStatus, type SyncState } from '../sync/SyncState';

export const ConnectionState = {
  Offline: 'offline',
  Online: 'online',
  SignedOut: 'signed-out',
  Syncing: 'syncing',
  Unreachable: 'unreachable',
  ServerBusy: 'server-busy',
  ServerError: 'server-error',
  Problem: 'problem',
  Waiting: 'waiting',
  Synced: 'synced',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

export type ConnectionTone = 'ok' | 'warn' | 'error';

export interface ConnectionFacts {
  /** `navigator.onLine`. */
  online: boolean;
  /** Whether someone is signed in on this device (sync runs only then). */
  signedIn: boolean;
  sync: Pick<SyncState, 'status' | 'error' | 'errorCode' | 'errorStatus' | 'lastSyncedAt'>;
  /** Changes waiting in the outbox. */
  pending: number;
}

export interface ConnectionWords {
  state: ConnectionState;
  /** One or two words beside the dot: "Offline", "Server unreachable", "Synced". */
  label: string;
  /** What it means for the person's work and what happens next; empty when there is nothing to say. */
  detail: string;
  tone: ConnectionTone;
}

const KEPT = 'Your changes are kept on this device';

export function connectionState(facts: ConnectionFacts): ConnectionWords {
  const { online, signedIn, sync, pending } = facts;
  if (!online) {
    return {
      state: ConnectionState.Offline,
      label: 'Offline',
      detail: signedIn ? `${KEPT} and sync when you are back online.` : '',
      tone: 'warn',
    };
  }
  if (!signedIn) return { state: ConnectionState.Online, label: 'Online', detail: '', tone: 'ok' };
  switch (sync.status) {
    case SyncStatus.PausedAuth:
      return {
        state: ConnectionState.SignedOut,
        label: 'Signed out',
        detail: 'Signed out — sign in again to continue syncing; your changes are kept.',
        tone: 'warn',
      };
    case SyncStatus.Syncing:
      return { state: ConnectionState.Syncing, label: 'Syncing…', detail: '', tone: 'ok' };
    case SyncStatus.Offline:
      // The engine had no answer while the browser says it is online: the server is down or
      // unreachable from here, not the network.
      return {
        state: ConnectionState.Unreachable,
        label: 'Server unreachable',
        detail: `Can’t reach the Tideline server. ${KEPT}.`,
        tone: 'warn',
      };
    case SyncStatus.Backoff: {
      const status = sync.errorCode === SyncErrorCode.ServerBusy ? sync.errorStatus : undefined;
      const busy = status === undefined || isBusyStatus(status);
      return {
        state: busy ? ConnectionState.ServerBusy : ConnectionState.ServerError,
        label: busy ? 'Server busy' : 'Server problem',
        detail: `${serverTroubleSentence(status ?? 503)} ${KEPT}.`,
        tone: busy ? 'warn' : 'error',
      };
    }
    case SyncStatus.Error:
      return {
        state: ConnectionState.Problem,
        label: 'Sync problem',
        detail: sync.error ?? `Sync stopped. ${KEPT}.`,
        tone: 'error',
      };
    case SyncStatus.Idle:
      return pending > 0
        ? { state: ConnectionState.Waiting, label: 'Online', detail: '', tone: 'ok' }
        : { state: ConnectionState.Synced, label: 'Online', detail: '', tone: 'ok' };
  }
}

/** The browser's online flag; where there is none (Node), assume online. */
export function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/**
 * What to say when a call to the server got no answer: offline, or the server unreachable though
 * the browser is online. `doing` names the work ("Members and invite links"), if the sentence
 * should say that it needs the server.
 */
export function noAnswerMessage(online: boolean, doing?: string): string {
  if (online) {
    return doing
      ? `Can’t reach the Tideline server. ${doing} needs the server; try again in a moment.`
      : 'Can’t reach the Tideline server. Try again in a moment.';
  }
  return doing
    ? `You are offline. ${doing} needs a connection; try again when you are back online.`
    : 'You are offline. Try again when you are back online.';
}
