import { describe, expect, it } from 'vitest';
import { ServerBusyError, describeSyncError } from '../sync/errors';
import { SyncStatus, type SyncState } from '../sync/SyncEngine';
import { ConnectionState, connectionState, noAnswerMessage } from './connectionState';

type Sync = Pick<SyncState, 'status' | 'error' | 'errorCode' | 'errorStatus' | 'lastSyncedAt'>;

const idle: Sync = { status: SyncStatus.Idle, lastSyncedAt: 1 };

function words(sync: Sync, extra: { online?: boolean; signedIn?: boolean; pending?: number } = {}) {
  return connectionState({
    online: extra.online ?? true,
    signedIn: extra.signedIn ?? true,
    sync,
    pending: extra.pending ?? 0,
  });
}

describe('connectionState', () => {
  it('says offline whatever the engine last saw, and never says Online beside "back online"', () => {
    for (const status of Object.values(SyncStatus)) {
      const shown = words({ status, lastSyncedAt: null }, { online: false });
      expect(shown.state).toBe(ConnectionState.Offline);
      expect(shown.label).toBe('Offline');
    }
    for (const status of Object.values(SyncStatus)) {
      const shown = words({ status, lastSyncedAt: null, errorCode: 'offline' });
      expect(`${shown.label} ${shown.detail}`).not.toMatch(/back online/);
    }
  });

  it('calls no answer while the browser is online "server unreachable", not offline', () => {
    const shown = words({ status: SyncStatus.Offline, errorCode: 'offline', lastSyncedAt: 1 });
    expect(shown.state).toBe(ConnectionState.Unreachable);
    expect(shown.label).toBe('Server unreachable');
    expect(shown.detail).toBe(
      'Can’t reach the Tideline server. Your changes are kept on this device.',
    );
    expect(shown.detail).not.toMatch(/offline/i);
  });

  it('tells a server error (500) from a busy server (503, 429)', () => {
    const failed = words({
      status: SyncStatus.Backoff,
      errorCode: 'server-busy',
      errorStatus: 500,
      lastSyncedAt: 1,
    });
    expect(failed.state).toBe(ConnectionState.ServerError);
    expect(failed.label).toBe('Server problem');
    expect(failed.detail).toBe(
      'The server had a problem (error 500). Your changes are kept on this device.',
    );
    for (const status of [503, 429]) {
      const busy = words({
        status: SyncStatus.Backoff,
        errorCode: 'server-busy',
        errorStatus: status,
        lastSyncedAt: 1,
      });
      expect(busy.state).toBe(ConnectionState.ServerBusy);
      expect(busy.detail).toBe('The server is busy. Your changes are kept on this device.');
    }
  });

  it('says signed out, syncing, waiting and synced apart', () => {
    expect(words({ status: SyncStatus.PausedAuth, lastSyncedAt: 1 }).state).toBe(
      ConnectionState.SignedOut,
    );
    expect(words({ status: SyncStatus.Syncing, lastSyncedAt: 1 }).label).toBe('Syncing…');
    expect(words(idle, { pending: 2 }).state).toBe(ConnectionState.Waiting);
    expect(words(idle).state).toBe(ConnectionState.Synced);
    expect(words(idle, { signedIn: false }).state).toBe(ConnectionState.Online);
  });

  it('shows any other failure in the engine’s own words', () => {
    const shown = words({
      status: SyncStatus.Error,
      error: 'Sync failed: nope.',
      errorCode: 'bad-response',
      lastSyncedAt: 1,
    });
    expect(shown).toMatchObject({ state: ConnectionState.Problem, detail: 'Sync failed: nope.' });
  });
});

describe('the words of a failed call', () => {
  it('say offline and server unreachable apart', () => {
    expect(noAnswerMessage(false, 'Invite links')).toBe(
      'You are offline. Invite links needs a connection; try again when you are back online.',
    );
    expect(noAnswerMessage(true, 'Invite links')).toBe(
      'Can’t reach the Tideline server. Invite links needs the server; try again in a moment.',
    );
    expect(noAnswerMessage(true)).toBe('Can’t reach the Tideline server. Try again in a moment.');
  });

  it('never calls a 500 busy', () => {
    expect(describeSyncError(new ServerBusyError({ status: 500 }))).toMatch(
      /^The server had a problem \(error 500\)\./,
    );
    expect(describeSyncError(new ServerBusyError({ status: 503 }))).toMatch(
      /^The server is busy\./,
    );
  });
});
