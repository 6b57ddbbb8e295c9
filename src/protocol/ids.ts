// Identifiers on the wire. Notebooks, entries and clients get UUIDs made by the client (UUIDv7
// in Tideline's own clients); mutation ids count 1, 2, 3… per client with no gaps.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uuidSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.string().regex(UUID_PATTERN, 'must be a UUID'));

/** A notebook version or a cursor: a whole number ≥ 0 that fits a JavaScript number exactly. */
export const versionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const mutationIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
