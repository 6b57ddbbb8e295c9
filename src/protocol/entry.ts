// An entry of a notebook — a note or a task, optionally with where it was written and a GPS
// track — as it
// travels in pulls and as the fields an `entry.put` may change.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { attachmentRecordSchema } from './attachments.js';
import { uuidSchema, versionSchema } from './ids.js';
import { Limits } from './limits.js';
import { NUL_MESSAGE, hasNoNul } from './text.js';
import { trackSchema } from './track.js';

export const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** Radius of uncertainty in metres. */
  accuracy: z.number().min(0).max(1e7),
});
export type Location = z.infer<typeof locationSchema>;

const utf8 = new TextEncoder();

export const entryFieldsSchema = z
  .object({
    title: z
      .string()
      .max(Limits.titleMax, `title must be at most ${Limits.titleMax} characters`)
      .refine(hasNoNul, NUL_MESSAGE),
    body: z
      .string()
      .refine(
        (body) =>
          body.length <= Limits.bodyMaxBytes && utf8.encode(body).length <= Limits.bodyMaxBytes,
        `body must be at most ${Limits.bodyMaxBytes / 1024} KB`,
      )
      .refine(hasNoNul, NUL_MESSAGE),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'a tag cannot be empty')
          .max(Limits.tagMax, `a tag must be at most ${Limits.tagMax} characters`)
          .refine(hasNoNul, NUL_MESSAGE),
      )
      .max(Limits.tagsMax, `an entry can have at most ${Limits.tagsMax} tags`),
    done: z.boolean(),
    location: locationSchema.nullable(),
    /** A GPS track recorded or imported into this entry (track.ts says why it is a field). */
    track: trackSchema.nullable(),
    /**
     * When a task is due: an instant (ms since the epoch, whole milliseconds) or null for none.
     * The server reminds the notebook's members at that time (src/protocol/push.ts).
     */
    due: z
      .number({ error: 'due must be a date and time' })
      .int('due must be a whole number of milliseconds')
      .min(Limits.dueMin, 'due must be a date in the year 2000 or later')
      .max(Limits.dueMax, 'due must be a date before the year 10000')
      .nullable(),
  })
  .strict();
export type EntryFields = z.infer<typeof entryFieldsSchema>;
export type EntryField = keyof EntryFields;
export const ENTRY_FIELDS = [
  'title',
  'body',
  'tags',
  'done',
  'location',
  'track',
  'due',
] as const satisfies readonly EntryField[];

export const EMPTY_ENTRY: EntryFields = {
  title: '',
  body: '',
  tags: [],
  done: false,
  location: null,
  track: null,
  due: null,
};

/**
 * Whether two values of `field` are the same: the rule by which the server and every device tell
 * a put that changes nothing (tags and location compare by content).
 */
export function sameFieldValue(field: EntryField, a: unknown, b: unknown): boolean {
  if (field === 'tags' || field === 'location' || field === 'track') {
    // Entries stored on a device before tracks existed have no `track`: the same as none.
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  }
  // Entries stored on a device before due dates existed have no `due`: the same as none.
  if (field === 'due') return (a ?? null) === (b ?? null);
  return a === b;
}

/** An entry as a pull delivers it; `deleted` entries are tombstones with no fields. */
export const entryRecordSchema = z.discriminatedUnion('deleted', [
  z.object({
    id: uuidSchema,
    notebookId: uuidSchema,
    deleted: z.literal(false),
    version: versionSchema,
    fields: entryFieldsSchema,
    /** The version at which each field last changed. */
    fieldVersions: z.record(z.string(), versionSchema),
    /** Who wrote a field's current value (user id) where that is not `updatedBy`, so an open
     *  editor can tell a teammate's change from the person's own. Absent when every field's
     *  author is `updatedBy`. */
    fieldAuthors: z.record(z.string(), z.string()).optional(),
    conflicted: z.boolean(),
    createdAt: z.number(),
    updatedAt: z.number(),
    createdBy: z.string(),
    updatedBy: z.string(),
    /** The entry's attachments (removed ones leave the list), oldest first. */
    attachments: z.array(attachmentRecordSchema),
  }),
  z.object({
    id: uuidSchema,
    notebookId: uuidSchema,
    deleted: z.literal(true),
    version: versionSchema,
  }),
]);
export type EntryRecord = z.infer<typeof entryRecordSchema>;
export type LiveEntryRecord = Extract<EntryRecord, { deleted: false }>;

/** One overwritten field value kept in an entry's history. */
export const historyItemSchema = z.object({
  id: z.number().int(),
  entryId: uuidSchema,
  field: z.enum(ENTRY_FIELDS),
  /** The value that was overwritten. */
  value: z.unknown(),
  /** The version at which that value was written, and who wrote it. */
  version: versionSchema,
  author: z.object({ id: z.string(), name: z.string() }),
  /** The version that overwrote it, and who did. */
  overwrittenAt: versionSchema,
  overwrittenBy: z.object({ id: z.string(), name: z.string() }),
  /** Whether the overwrite was concurrent (a conflict) rather than a later edit. */
  conflict: z.boolean(),
  /** A conflict already settled by an `entry.resolve`. */
  settled: z.boolean(),
  createdAt: z.number(),
});
export type HistoryItem = z.infer<typeof historyItemSchema>;

export const entryHistoryResponseSchema = z.object({
  items: z.array(historyItemSchema),
  /** Pass as `before` for the next (older) page; null when this page reaches the first value. */
  nextBefore: z.number().int().nullable().optional(),
});
export type EntryHistoryResponse = z.infer<typeof entryHistoryResponseSchema>;

/** `GET …/history?before=&limit=`: a page of an entry's history, newest first. */
export const entryHistoryQuerySchema = z
  .object({
    /** Only items older than this history id (the previous page's `nextBefore`). */
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type EntryHistoryQuery = z.infer<typeof entryHistoryQuerySchema>;
