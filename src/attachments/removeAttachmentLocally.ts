// Removing an attachment from its entry: an `attachment.remove` through the outbox (exactly once,
// like any write). The bytes stay on the device until collection (collectFiles.ts) finds no
// entry referring to them after the grace period.
import type { TidelineDB } from '../db/db';
import { MutationName } from '../protocol/mutations';
import { writeMutation } from '../sync/writeMutation';

export async function removeAttachmentLocally(
  db: TidelineDB,
  notebookId: string,
  entryId: string,
  attachmentId: string,
): Promise<void> {
  await writeMutation(db, MutationName.AttachmentRemove, { id: attachmentId, entryId, notebookId });
}
