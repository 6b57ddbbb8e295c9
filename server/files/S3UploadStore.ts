// @tus/s3-store, made safe against a server killed mid-chunk. The stock store keeps an upload as
// an S3 multipart upload plus, while fewer than 5 MiB are past the last part, an "incomplete
// part" object (<id>.part). Each PATCH downloads that object and DELETES it before the new bytes
// are safely in S3, so a crash (or SIGKILL, or a power cut) at that moment loses bytes the server
// had already acknowledged: after a restart it reports an offset below what the device was told,
// and with chunks below 5 MiB (Tideline's were 4 MiB) that was every second chunk (the test in
// uploadCrash.test.ts). Chunks are now one whole part each, but a device may still send smaller
// ones (limits it kept from an older server, a test), and the last chunk is a part of any size.
//
// Here nothing acknowledged is ever deleted before what replaces it is stored:
//
//   - the incomplete part is not deleted when a PATCH starts; it is replaced by the next one (one
//     PUT, atomic) or left behind, stale, once its bytes went into a complete part;
//   - each incomplete part records how many complete parts preceded it (metadata `tus-parts`);
//     one whose count differs from the parts S3 lists is stale and neither counted nor re-sent;
//   - parts go up one at a time, in order, and only consecutive parts from 1 count, so a part
//     that finished before an earlier one (then a crash) never puts a hole into the offset.
//
// The offset after a crash is therefore always bytes S3 really holds, in order, and at least
// what was acknowledged; a chunk cut off by the crash is sent again from there.
import type { Readable } from 'node:stream';
import type { Part } from '@aws-sdk/client-s3';
import { S3Store, type MetadataValue, type Options } from '@tus/s3-store';
import { ERRORS } from '@tus/utils';

const PARTS_KEY = 'tus-parts';

function isNotFound(error: unknown): boolean {
  const { name, Code } = (error ?? {}) as { name?: string; Code?: string };
  return ['NotFound', 'NoSuchKey', 'NoSuchUpload'].includes(name ?? Code ?? '');
}

export class S3UploadStore extends S3Store {
  /** Complete, consecutive parts of each upload as last listed or uploaded by this process. */
  private readonly partsHeld = new Map<string, number>();

  constructor(options: Options) {
    super({ ...options, maxConcurrentPartUploads: 1 });
  }

  /** Drops the cached state of an upload removed behind the store's back. */
  forget(uploadId: string): Promise<void> {
    this.partsHeld.delete(uploadId);
    return this.clearCache(uploadId);
  }

  protected override async retrieveParts(id: string, partNumberMarker?: string): Promise<Part[]> {
    let parts: Part[];
    try {
      parts = await super.retrieveParts(id, partNumberMarker);
    } catch (error) {
      // No multipart upload: the stock store takes the upload for finished (its state, cached
      // once read, says it exists). Removed behind this process's back (another instance's
      // clean-up) it is not: its state is gone too, and the upload is unknown (404), not a
      // finished one whose bytes are missing.
      if (isNotFound(error) && !(await this.stateStored(id))) {
        await this.forget(id);
        throw ERRORS.FILE_NOT_FOUND;
      }
      throw error;
    }
    if (partNumberMarker !== undefined) return parts;
    let consecutive = 0;
    while (parts[consecutive]?.PartNumber === consecutive + 1) consecutive += 1;
    this.partsHeld.set(id, consecutive);
    return parts.slice(0, consecutive);
  }

  protected override async uploadPart(
    metadata: MetadataValue,
    readStream: Parameters<S3Store['write']>[0] | Buffer,
    partNumber: number,
  ): Promise<string> {
    const etag = await super.uploadPart(metadata, readStream, partNumber);
    this.partsHeld.set(metadata.file.id, partNumber);
    return etag;
  }

  protected override async uploadIncompletePart(id: string, readStream: Readable): Promise<string> {
    const data = await this.client.putObject({
      Bucket: this.bucket,
      Key: this.partKey(id, true),
      Body: readStream,
      Metadata: { [PARTS_KEY]: String(this.partsHeld.get(id) ?? 0) },
    });
    return data.ETag!;
  }

  /** Whether the upload's state object is in the bucket (asked of S3, not of the cache). */
  private async stateStored(id: string): Promise<boolean> {
    try {
      await this.client.headObject({ Bucket: this.bucket, Key: this.infoKey(id) });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Whether an incomplete part written after `metadata`'s part count is still current. */
  private current(id: string, metadata: Record<string, string> | undefined): boolean {
    const recorded = metadata?.[PARTS_KEY];
    // Written before this store recorded counts: the stock store deleted stale ones itself.
    if (recorded === undefined) return true;
    return recorded === String(this.partsHeld.get(id) ?? 0);
  }

  protected override async getIncompletePart(id: string): Promise<Readable | undefined> {
    try {
      const data = await this.client.getObject({
        Bucket: this.bucket,
        Key: this.partKey(id, true),
      });
      const body = data.Body as Readable;
      if (this.current(id, data.Metadata)) return body;
      body.destroy();
      return undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  protected override async getIncompletePartSize(id: string): Promise<number | undefined> {
    try {
      const data = await this.client.headObject({
        Bucket: this.bucket,
        Key: this.partKey(id, true),
      });
      return this.current(id, data.Metadata) ? data.ContentLength : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Kept until replaced: deleting it before the new bytes are stored is what loses them. */
  protected override async deleteIncompletePart(): Promise<void> {}
}
