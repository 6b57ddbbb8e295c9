import { describe, expect, it } from 'vitest';
import { UploadState } from '../attachments/entities';
import type { UploadRow } from '../db/db';
import { describeAttachmentState } from './attachmentState';

function upload(patch: Partial<UploadRow>): UploadRow {
  return {
    key: 'n:s',
    notebookId: 'n',
    sha256: 's',
    name: 'a.webm',
    type: 'audio/webm',
    size: 1000,
    state: UploadState.Waiting,
    offset: 0,
    attempts: 0,
    nextAttemptAt: 0,
    error: null,
    sentBytes: 0,
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

const item = { stored: false, size: 1000 };
const none = { upload: undefined, liveOffset: undefined, here: false, memo: false };

describe('describeAttachmentState', () => {
  it('says a refusal with the server’s reason', () => {
    const refused = upload({
      state: UploadState.Refused,
      error: { code: 'too-large', message: 'the file is too large.' },
    });
    expect(describeAttachmentState(item, { ...none, upload: refused })).toEqual({
      kind: 'refused',
      text: 'Not uploaded: the file is too large.',
    });
  });

  it('tells a memo from a file once uploaded and not on this device', () => {
    const stored = { ...item, stored: true };
    expect(describeAttachmentState(stored, none).text).toBe('Uploaded · tap to download');
    expect(describeAttachmentState(stored, { ...none, memo: true }).text).toBe(
      'Uploaded · kept here once played',
    );
    expect(describeAttachmentState(stored, { ...none, memo: true, here: true }).text).toBe(
      'Uploaded · on this device',
    );
  });

  it('shows the live offset over the stored one while uploading', () => {
    const sending = upload({ state: UploadState.Uploading, offset: 100 });
    expect(describeAttachmentState(item, { ...none, upload: sending, liveOffset: 420 })).toEqual({
      kind: 'uploading',
      text: 'Uploading 42 %',
      offset: 420,
    });
    expect(describeAttachmentState(item, { ...none, upload: upload({}) })).toEqual({
      kind: 'waiting',
      text: 'On this device · waiting to upload',
    });
  });

  it('says a teammate’s file not yet uploaded is with its author', () => {
    expect(describeAttachmentState(item, none).kind).toBe('elsewhere');
  });
});
