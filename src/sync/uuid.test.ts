import { describe, expect, it } from 'vitest';
import { uuidSchema } from '../protocol/ids';
import { randomUuid, uuidv7, uuidv7Time } from './uuid';

describe('uuidv7', () => {
  it('makes version 7 UUIDs that carry their time and pass the protocol schema', () => {
    const now = Date.UTC(2026, 4, 17, 12, 30);
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBe(now);
    expect(uuidSchema.parse(id)).toBe(id);
  });

  it('sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const ids = [
      ...Array.from({ length: 5000 }, () => uuidv7(1_800_000_000_000)),
      uuidv7(1_700_000_000_000),
      uuidv7(1_900_000_000_000),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('randomUuid', () => {
  it('makes distinct version 4 UUIDs', () => {
    const a = randomUuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid()).not.toBe(a);
  });
});
