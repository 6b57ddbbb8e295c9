// One byte range from an HTTP Range header (RFC 9110 §14): `bytes=a-b`, `bytes=a-`, `bytes=-n`.
// Several ranges, or another unit, are answered with the whole content (which the RFC allows);
// a range that starts past the end is unsatisfiable.
import type { ByteRange } from './FileStore.js';

export type RangeResult = ByteRange | 'whole' | 'unsatisfiable';

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return 'whole';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'whole';
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return 'whole';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return 'whole';
  return { start, end };
}
