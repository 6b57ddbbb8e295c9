// Attachment mutations and contents for server tests: an attachment.add with sensible defaults,
// and bytes with their SHA-256.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AttachmentAddArgs } from '../../src/protocol/attachments.js';
import type { PendingMutation } from './syncClient.js';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Random bytes (of `size`) with their hash. */
export function someContent(size = 1000): { bytes: Buffer; sha256: string } {
  const bytes = randomBytes(size);
  return { bytes, sha256: sha256Of(bytes) };
}

export function attachmentAdd(
  notebookId: string,
  entryId: string,
  fields: Record<string, unknown> = {},
): PendingMutation & { args: AttachmentAddArgs } {
  return {
    name: 'attachment.add',
    args: {
      id: randomUUID(),
      entryId,
      notebookId,
      name: 'gauge.jpg',
      type: 'image/jpeg',
      size: 1000,
      sha256: 'ab'.repeat(32),
      thumbnail: 'data:image/jpeg;base64,AAAA',
      durationMs: null,
      ...fields,
    } as AttachmentAddArgs,
  };
}

export function attachmentRemove(notebookId: string, entryId: string, id: string): PendingMutation {
  return { name: 'attachment.remove', args: { id, entryId, notebookId } };
}
