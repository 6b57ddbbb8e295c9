// `attachment.add`: puts a file's row on a live entry (the bytes are uploaded apart, see
// server/files/). The entry takes the notebook's next version, so the next pull of every member
// carries the entry with its new attachment and the push pokes their devices.
import { AttachmentLimits } from '../../../src/protocol/attachments.js';
import type { MutationArgs } from '../../../src/protocol/mutations.js';
import type { MutationContext, MutationEffect } from '../MutationContext.js';
import { MutationRejected, RejectionCode } from '../MutationRejected.js';
import { writableNotebook } from '../notebookAccess.js';
import { liveEntryOf } from './liveEntryOf.js';

export async function attachmentAdd(
  context: MutationContext,
  args: MutationArgs<'attachment.add'>,
): Promise<MutationEffect> {
  const { batch } = context;
  await writableNotebook(context, args.notebookId);
  const entry = await liveEntryOf(context, args.notebookId, args.entryId);
  const maxBytes = context.maxUploadBytes ?? AttachmentLimits.maxBytesDefault;
  if (args.size > maxBytes) {
    throw new MutationRejected(
      RejectionCode.TooLarge,
      `${args.name} is larger than the ${formatBytes(maxBytes)} this server accepts`,
    );
  }
  // The entry may have been created earlier in this push: write it before its attachment.
  await batch.flush();
  const { tx } = batch;
  const existing = await tx
    .selectFrom('attachments')
    .select('id')
    .where('id', '=', args.id)
    .executeTakeFirst();
  if (existing) {
    throw new MutationRejected(
      RejectionCode.AlreadyExists,
      `An attachment with id ${args.id} already exists`,
    );
  }
  const count = await tx
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('entry_id', '=', args.entryId)
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= AttachmentLimits.perEntryMax) {
    throw new MutationRejected(
      RejectionCode.LimitReached,
      `An entry can have at most ${AttachmentLimits.perEntryMax} attachments`,
    );
  }

  const version = await batch.takeVersion(args.notebookId);
  await tx
    .insertInto('attachments')
    .values({
      id: args.id,
      notebook_id: args.notebookId,
      entry_id: args.entryId,
      name: args.name,
      type: args.type,
      size: args.size,
      sha256: args.sha256,
      thumbnail: args.thumbnail,
      duration_ms: args.durationMs,
      created_by: batch.userId,
      created_at: batch.writtenAt,
      version,
      deleted_at: null,
    })
    .execute();
  batch.save({
    ...entry,
    version,
    updated_by: batch.userId,
    updated_at: batch.updateTime(entry),
  });
  return { notebookId: args.notebookId, version };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
