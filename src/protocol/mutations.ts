// The mutations a client pushes. Each is `{id, name, args}`; the server applies them in id order,
// exactly once. Arguments are checked per mutation: a mutation whose arguments are invalid, or
// that its author may not make, is rejected (and reported) rather than failing the whole push.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { attachmentAddArgsSchema, attachmentRemoveArgsSchema } from './attachments.js';
import { entryFieldsSchema, ENTRY_FIELDS } from './entry.js';
import { mutationIdSchema, uuidSchema, versionSchema } from './ids.js';
import { Limits } from './limits.js';
import { NUL_MESSAGE, hasNoNul } from './text.js';

export const notebookNameSchema = z
  .string()
  .trim()
  .min(1, 'a notebook needs a name')
  .max(
    Limits.notebookNameMax,
    `a notebook name must be at most ${Limits.notebookNameMax} characters`,
  )
  .refine(hasNoNul, NUL_MESSAGE);

export const MutationName = {
  NotebookCreate: 'notebook.create',
  NotebookRename: 'notebook.rename',
  NotebookDelete: 'notebook.delete',
  EntryPut: 'entry.put',
  EntryDelete: 'entry.delete',
  EntryResolve: 'entry.resolve',
  /** Brings a deleted entry back, as it was when deleted; restoring a live entry changes nothing. */
  EntryRestore: 'entry.restore',
  /** Attaches a file (its row; the bytes are uploaded apart) to a live entry. */
  AttachmentAdd: 'attachment.add',
  /** Removes an attachment from its entry; removing one already gone changes nothing. */
  AttachmentRemove: 'attachment.remove',
} as const;
export type MutationName = (typeof MutationName)[keyof typeof MutationName];

export const mutationArgsSchemas = {
  [MutationName.NotebookCreate]: z.object({ id: uuidSchema, name: notebookNameSchema }).strict(),
  [MutationName.NotebookRename]: z.object({ id: uuidSchema, name: notebookNameSchema }).strict(),
  [MutationName.NotebookDelete]: z.object({ id: uuidSchema }).strict(),
  [MutationName.EntryPut]: z
    .object({
      id: uuidSchema,
      notebookId: uuidSchema,
      /** The entry version the client last saw; 0 when it creates the entry. */
      baseVersion: versionSchema,
      /** The fields that changed; a new entry's missing fields start empty. */
      fields: entryFieldsSchema.partial(),
    })
    .strict(),
  [MutationName.EntryDelete]: z.object({ id: uuidSchema, notebookId: uuidSchema }).strict(),
  /**
   * Settles a conflicted entry: `keep: "mine"` keeps the current values; `keep: "theirs"`
   * restores the values the conflicting write overwrote (from its history items).
   */
  [MutationName.EntryResolve]: z
    .object({
      id: uuidSchema,
      notebookId: uuidSchema,
      keep: z.enum(['mine', 'theirs']),
      /** With "theirs": the history items to restore (default: every conflict item since the last resolve). */
      historyIds: z
        .array(z.number().int().min(1))
        .max(ENTRY_FIELDS.length * 50)
        .optional(),
    })
    .strict(),
  [MutationName.EntryRestore]: z.object({ id: uuidSchema, notebookId: uuidSchema }).strict(),
  [MutationName.AttachmentAdd]: attachmentAddArgsSchema,
  [MutationName.AttachmentRemove]: attachmentRemoveArgsSchema,
} as const;

export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgsSchemas)[N]>;

/** A mutation as the push envelope carries it; `args` is checked per mutation by the server. */
export const mutationSchema = z
  .object({
    id: mutationIdSchema,
    name: z.string().min(1).max(64),
    args: z.unknown(),
    /**
     * When the writer made the change, by its clock (ms since the epoch): an entry's times are
     * the writer's, not the push's, so a change made offline keeps its time. The server never
     * takes a time later than its own, and never moves an entry's update time back.
     */
    at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
export type Mutation = z.infer<typeof mutationSchema>;

/** A mutation's name with its arguments, as checked by that name's schema. */
export type NamedMutationOf<N extends MutationName> = { name: N; args: MutationArgs<N> };

/** A name with its checked arguments: `switch (mutation.name)` narrows `mutation.args`. */
export type NamedMutation = { [N in MutationName]: NamedMutationOf<N> }[MutationName];

/**
 * Checks `args` against `name`'s schema: the mutation with its arguments as the schema leaves
 * them (text trimmed), or the schema's issues. The one place arguments get their type.
 */
export function parseMutationArgs(
  name: MutationName,
  args: unknown,
): { success: true; mutation: NamedMutation } | { success: false; error: z.ZodError } {
  const parsed = mutationArgsSchemas[name].safeParse(args);
  if (!parsed.success) return { success: false, error: parsed.error };
  // zod types the data as any schema's output; it is `name`'s, which it was checked by.
  return { success: true, mutation: { name, args: parsed.data } as NamedMutation };
}

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutationArgsSchemas, name);
}
