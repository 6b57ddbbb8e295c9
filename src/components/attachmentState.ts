// What an attachment's line under its name says about where its bytes are: on this device and
// waiting, uploading n %, uploaded (and whether a copy is here), refused, or still with its
// author. One wording for photos, files and voice memos, which differ only in what a person
// does to get the bytes (open a file, play a memo).
import { UploadState } from '../attachments/entities';
import type { UploadRow } from '../db/db';
import type { AttachmentRecord } from '../protocol/attachments';

export type AttachmentStateKind = 'refused' | 'uploaded' | 'uploading' | 'waiting' | 'elsewhere';

export interface AttachmentStateView {
  kind: AttachmentStateKind;
  text: string;
  /** Bytes confirmed by the server while uploading, for a progress bar. */
  offset?: number;
}

export interface AttachmentStateFacts {
  /** This device's upload row for the attachment's bytes in its notebook. */
  upload: UploadRow | undefined;
  /** The latest confirmed offset reported by whichever context uploads it. */
  liveOffset: number | undefined;
  /** Whether the bytes are on this device. */
  here: boolean;
  /** A voice memo: its bytes are fetched by playing it, not by opening it. */
  memo: boolean;
}

export function describeAttachmentState(
  item: Pick<AttachmentRecord, 'stored' | 'size'>,
  { upload, liveOffset, here, memo }: AttachmentStateFacts,
): AttachmentStateView {
  if (upload?.state === UploadState.Refused) {
    return {
      kind: 'refused',
      text: `Not uploaded: ${upload.error?.message ?? 'the server refused it.'}`,
    };
  }
  if (item.stored || upload?.state === UploadState.Done) {
    const away = memo ? 'Uploaded · kept here once played' : 'Uploaded · tap to download';
    return { kind: 'uploaded', text: here ? 'Uploaded · on this device' : away };
  }
  if (upload) {
    const offset = liveOffset ?? upload.offset;
    return offset > 0
      ? {
          kind: 'uploading',
          text: `Uploading ${Math.floor((offset / Math.max(1, item.size)) * 100)} %`,
          offset,
        }
      : { kind: 'waiting', text: 'On this device · waiting to upload' };
  }
  return { kind: 'elsewhere', text: 'Being uploaded by its author' };
}
