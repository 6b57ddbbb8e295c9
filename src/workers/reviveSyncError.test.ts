import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  AuthRequiredError,
  OfflineError,
  ProtocolError,
  ServerBusyError,
  describeSyncError,
  errorCode,
  isQuotaError,
} from '../sync/errors';
import { serializeError } from './jobs';
import { reviveSyncError } from './reviveSyncError';

/** Across the worker boundary and back, as the page receives it. */
const roundTrip = (error: unknown) => reviveSyncError(structuredClone(serializeError(error)));

describe('reviveSyncError', () => {
  it('rebuilds the sync core’s errors with their facts, so the page classifies them as its own', () => {
    expect(roundTrip(new OfflineError())).toBeInstanceOf(OfflineError);
    const auth = roundTrip(new AuthRequiredError({ status: 401 }));
    expect(auth).toBeInstanceOf(AuthRequiredError);
    const busy = roundTrip(new ServerBusyError({ status: 429, retryAfterMs: 7000 }));
    expect(busy).toBeInstanceOf(ServerBusyError);
    expect(busy).toMatchObject({ status: 429, retryAfterMs: 7000 });
    const refused = new ProtocolError({ status: 409, code: 'client-mismatch', message: 'No.' });
    const revived = roundTrip(refused);
    expect(revived).toBeInstanceOf(ProtocolError);
    expect(revived).toMatchObject({ status: 409, code: 'client-mismatch' });
    for (const error of [new OfflineError(), refused, busy, auth]) {
      expect(describeSyncError(roundTrip(error))).toBe(describeSyncError(error));
      expect(errorCode(roundTrip(error))).toBe(errorCode(error));
    }
  });

  it('keeps other failures’ name and message: a full disk is still one, the unexpected reads the same', () => {
    const full = new Dexie.QuotaExceededError(
      'QuotaExceededError',
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    expect(isQuotaError(roundTrip(full))).toBe(true);
    expect(describeSyncError(roundTrip(full))).toBe(describeSyncError(full));
    const odd = new RangeError('Invalid array length');
    expect(roundTrip(odd)).toMatchObject({ name: 'RangeError', message: 'Invalid array length' });
    expect(describeSyncError(roundTrip(odd))).toBe(describeSyncError(odd));
  });
});
