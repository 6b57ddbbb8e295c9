import { describe, expect, it } from 'vitest';
import {
  ChannelMessageType,
  PageMessageType,
  WorkerMessageType,
  isOutboxQueued,
  parseChannelMessage,
  parsePageMessage,
  parseVersionReply,
  parseWorkerMessage,
} from './serviceWorkerMessages.js';

describe('page ⇄ service worker messages', () => {
  it('reads each page message and nothing else', () => {
    for (const type of Object.values(PageMessageType)) {
      expect(parsePageMessage({ type })).toEqual({ type });
    }
    expect(parsePageMessage({ type: 'DELETE_EVERYTHING' })).toBeUndefined();
    expect(parsePageMessage('SKIP_WAITING')).toBeUndefined();
    expect(parsePageMessage(null)).toBeUndefined();
  });

  it('reads a navigate message only with a URL', () => {
    const navigate = { type: WorkerMessageType.Navigate, url: '/notebooks/1' };
    expect(parseWorkerMessage(navigate)).toEqual(navigate);
    expect(parseWorkerMessage({ type: WorkerMessageType.Navigate })).toBeUndefined();
    expect(parseWorkerMessage({ type: WorkerMessageType.Navigate, url: 7 })).toBeUndefined();
  });

  it('counts only an explicit yes as a queued outbox', () => {
    expect(isOutboxQueued({ queued: true })).toBe(true);
    expect(isOutboxQueued({ queued: false })).toBe(false);
    expect(isOutboxQueued({ queued: 'yes' })).toBe(false);
    expect(isOutboxQueued(undefined)).toBe(false);
  });

  it('reads a version reply and refuses a partial one', () => {
    expect(parseVersionReply({ version: '1.2.0', buildId: 'abc' })).toEqual({
      version: '1.2.0',
      buildId: 'abc',
    });
    expect(parseVersionReply({ version: '1.2.0' })).toBeUndefined();
  });

  it('reads the channel broadcast', () => {
    const changed = { type: ChannelMessageType.ActivityChanged };
    expect(parseChannelMessage(changed)).toEqual(changed);
    expect(parseChannelMessage({ type: 'something-else' })).toBeUndefined();
  });
});
