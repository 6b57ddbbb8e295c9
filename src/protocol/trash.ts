// A notebook's recently deleted entries ("trash"): the tombstones the server keeps until its
// purge horizon, with the fields they had when deleted, so a member can see what went and a writer
// can bring it back with an `entry.restore` mutation.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { entryFieldsSchema } from './entry.js';
import { uuidSchema, versionSchema } from './ids.js';

export const trashItemSchema = z.object({
  id: uuidSchema,
  notebookId: uuidSchema,
  /** The tombstone's version (pages are ordered by it, newest first). */
  version: versionSchema,
  /** The fields as they were when deleted (a GPS track is left out: `hasTrack` says if there was one). */
  fields: entryFieldsSchema.omit({ track: true }),
  hasTrack: z.boolean(),
  createdAt: z.number(),
  deletedAt: z.number(),
  deletedBy: z.object({ id: z.string(), name: z.string() }),
  /** When the server purges it for good (ms since the epoch). */
  purgeAt: z.number(),
});
export type TrashItem = z.infer<typeof trashItemSchema>;

export const trashQuerySchema = z
  .object({
    /** Only tombstones with a lower version (the previous page's `nextBefore`). */
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TrashQuery = z.infer<typeof trashQuerySchema>;

export const trashResponseSchema = z.object({
  items: z.array(trashItemSchema),
  nextBefore: z.number().int().nullable(),
  /** How long the server keeps a deleted entry, in days. */
  keepDays: z.number(),
});
export type TrashResponse = z.infer<typeof trashResponseSchema>;
