// The checks the hand-written protocol parsers (parsePullResponse.ts) are built from: each
// returns its input as the matching zod schema would, or throws REFUSED at the first thing that
// schema would refuse, so the caller can hand the input to the schema for its error.
import { UUID_PATTERN } from './ids.js';

/** Thrown (and caught below) at the first thing the hand-written checks refuse. */
export const REFUSED = Symbol('refused');

export type Json = Record<string, unknown>;

export function object(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw REFUSED;
  return value as Json;
}

/** A record (z.record): a plain object, as zod's isPlainObject sees one. */
export function plainObject(value: unknown): Json {
  const prototype = Object.getPrototypeOf(object(value)) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw REFUSED;
  return value as Json;
}

export function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw REFUSED;
  return value;
}

/** z.array(item): every index is checked (a hole reads as undefined, as zod reads it). */
export function list<T>(value: unknown, item: (value: unknown) => T): T[] {
  const input = array(value);
  const out = new Array<T>(input.length);
  for (let i = 0; i < input.length; i++) out[i] = item(input[i]);
  return out;
}

export function string(value: unknown): string {
  if (typeof value !== 'string') throw REFUSED;
  return value;
}

export function boolean(value: unknown): boolean {
  if (typeof value !== 'boolean') throw REFUSED;
  return value;
}

export function number(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw REFUSED;
  return value;
}

export function between(value: unknown, min: number, max: number): number {
  const n = number(value);
  if (n < min || n > max) throw REFUSED;
  return n;
}

/** z.number().int().min(min): zod's int() is a safe integer. */
export function safeInt(value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw REFUSED;
  return value as number;
}

export function uuid(value: unknown): string {
  const lower = string(value).toLowerCase();
  if (!UUID_PATTERN.test(lower)) throw REFUSED;
  return lower;
}

/** A strict object has exactly its schema's keys (all required here, so a count settles it). */
export function exactKeys(value: Json, count: number): void {
  let keys = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) throw REFUSED;
    keys += 1;
  }
  if (keys !== count) throw REFUSED;
}

/** Zod measures a string's max() in code points (a surrogate pair is one), counted only on overflow. */
export function withinChars(text: string, max: number): boolean {
  if (text.length <= max) return true;
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count -= 1;
      i += 1;
    }
  }
  return count <= max;
}

/** z.number().int().min(min).max(max). */
export function intBetween(value: unknown, min: number, max: number): number {
  const n = safeInt(value, min);
  if (n > max) throw REFUSED;
  return n;
}

export function matching(value: unknown, pattern: RegExp, max: number): string {
  const text = string(value);
  if (!withinChars(text, max) || !pattern.test(text)) throw REFUSED;
  return text;
}
