import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { localWriteMessage } from './localWriteMessage';
import {
  ProtocolError,
  QUOTA_EXCEEDED,
  describeSyncError,
  errorCode,
  isQuotaError,
} from './errors';

describe('storage quota failures', () => {
  const browserError = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const dexieError = new Dexie.QuotaExceededError('QuotaExceededError', browserError);

  it('are recognised whether the browser or Dexie reports them', () => {
    expect(isQuotaError(browserError)).toBe(true);
    expect(isQuotaError(dexieError)).toBe(true);
    expect(isQuotaError(new Error('wrapped', { cause: browserError }))).toBe(true);
    expect(isQuotaError(new Error('disk on fire'))).toBe(false);
    expect(isQuotaError(new ProtocolError({ status: 400, code: 'x', message: 'no' }))).toBe(false);
  });

  it('are logged with their own code and told in plain words, never as a bare exception', () => {
    expect(errorCode(dexieError)).toBe(QUOTA_EXCEEDED);
    expect(describeSyncError(dexieError)).toMatch(/run out of storage space/);
    expect(describeSyncError(dexieError)).toMatch(/unsent changes are kept/);
    expect(localWriteMessage(dexieError)).toMatch(/could not be saved here/);
    expect(localWriteMessage(dexieError)).not.toMatch(/QuotaExceededError/);
  });
});
