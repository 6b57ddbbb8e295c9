// Push and pull, the two calls of the sync protocol (see DESIGN.md, "Sync protocol").
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { entryRecordSchema } from './entry.js';
import { mutationIdSchema, uuidSchema, versionSchema } from './ids.js';
import { Limits } from './limits.js';
import { mutationSchema } from './mutations.js';
import { roleSchema } from './roles.js';

/** Why the server will never apply a mutation; reported until the client acknowledges it. */
export const rejectionSchema = z.object({
  mutationId: mutationIdSchema,
  name: z.string(),
  code: z.string(),
  message: z.string(),
  at: z.number(),
});
export type Rejection = z.infer<typeof rejectionSchema>;

const ackSchema = z
  .array(mutationIdSchema)
  .max(Limits.mutationsPerPush * 4)
  .optional();

export const pushRequestSchema = z
  .object({
    clientId: uuidSchema,
    mutations: z
      .array(mutationSchema)
      .max(Limits.mutationsPerPush, `a push carries at most ${Limits.mutationsPerPush} mutations`),
    /** Rejections the client has shown its user; the server stops reporting them. */
    ackRejections: ackSchema,
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  /** The highest mutation id applied or rejected; everything at or below it is done. */
  lastMutationId: z.number().int().min(0),
  /** Mutations of this push that were applied, rejected, or skipped as already done. */
  applied: z.number().int().min(0),
  rejected: z.number().int().min(0),
  skipped: z.number().int().min(0),
  /** Set when the batch stopped at a gap in mutation ids (the client must resend from lastMutationId+1). */
  gapAt: mutationIdSchema.nullable(),
  rejections: z.array(rejectionSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * Where a client is in one notebook: the highest version it has applied, and the notebook's
 * purge horizon when it last pulled (tombstones at or below a horizon may be gone).
 */
export const cursorSchema = z.object({ version: versionSchema, horizon: versionSchema }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

export const pullRequestSchema = z
  .object({
    clientId: uuidSchema,
    /** One cursor per notebook the client has; notebooks it lacks are sent from the start. */
    cursors: z
      .record(uuidSchema, cursorSchema)
      .refine((c) => Object.keys(c).length <= 10_000, 'too many cursors'),
    /** Entries per page (default Limits.pullPageDefault). */
    limit: z.number().int().min(1).max(Limits.pullPageMax).optional(),
    ackRejections: ackSchema,
  })
  .strict();
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const notebookSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  role: roleSchema,
  ownerId: z.string(),
  version: versionSchema,
  createdAt: z.number(),
});
export type NotebookSummary = z.infer<typeof notebookSummarySchema>;

export const notebookChangesSchema = z.object({
  notebookId: uuidSchema,
  /** Entries changed after the cursor, in version order; deletions are tombstones. */
  entries: z.array(entryRecordSchema),
  /** The cursor to send next time. */
  cursor: cursorSchema,
  /** More changes wait; pull again with the new cursor. */
  hasMore: z.boolean(),
  /**
   * The cursor was older than the purge horizon: drop every local entry of this notebook and
   * apply these pages as a fresh copy.
   */
  resetRequired: z.boolean(),
});
export type NotebookChanges = z.infer<typeof notebookChangesSchema>;

export const pullResponseSchema = z.object({
  /** Every notebook the user belongs to now. */
  notebooks: z.array(notebookSummarySchema),
  /** Notebooks the client had a cursor for that it may no longer see (deleted, left, removed). */
  removedNotebooks: z.array(uuidSchema),
  changes: z.array(notebookChangesSchema),
  /** Whether any notebook has more changes waiting. */
  hasMore: z.boolean(),
  lastMutationId: z.number().int().min(0),
  rejections: z.array(rejectionSchema),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
