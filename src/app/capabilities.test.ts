import { describe, expect, it } from 'vitest';
import { describeAvailability } from './capabilities';

describe('the capability report’s words', () => {
  it('says whether a feature is here and allowed without naming permission states', () => {
    expect(describeAvailability(true, undefined)).toBe('Yes');
    expect(describeAvailability(true, 'granted')).toBe('Yes');
    expect(describeAvailability(true, 'prompt')).toBe('Not asked yet');
    expect(describeAvailability(true, 'denied')).toBe('Not allowed');
    expect(describeAvailability(true, 'not granted')).toBe('Not yet');
    expect(describeAvailability(false, 'granted')).toBe('Not in this browser');
  });
});
