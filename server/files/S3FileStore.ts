// The file store in S3-compatible object storage, shared by every server instance:
//
//   <uploadId>, .info, .part       tus uploads under way (S3UploadStore on @tus/s3-store: a
//                                  multipart upload, its state in the .info object, a short tail
//                                  in .part; safe against a crash mid-chunk)
//   files/<notebook>/<sha256>      stored content, copied from the finished upload server-side
//
// Everything an upload needs to resume lives in the bucket, so an upload begun on one instance
// carries on at another.
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { AttachmentLimits } from '../../src/protocol/attachments.js';
import type { S3Config } from './filesConfig.js';
import { FileMissing, type ByteRange, type FileKey, type FileStore } from './FileStore.js';
import { S3UploadStore } from './S3UploadStore.js';

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

export function s3ClientConfig(config: S3Config): S3ClientConfig {
  return {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    // Checksums only where S3 requires them: the SDK's default sends streamed bodies as
    // aws-chunked with trailing checksums, which many S3-compatible stores do not understand.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
    ...(config.accessKeyId !== undefined &&
      config.secretAccessKey !== undefined && {
        credentials: {
          accessKeyId: config.accessKeyId,
          secretAccessKey: config.secretAccessKey,
        },
      }),
  };
}

export class S3FileStore implements FileStore {
  readonly kind = 's3';
  readonly uploads: S3UploadStore;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    const clientConfig = s3ClientConfig(config);
    this.bucket = config.bucket;
    this.client = new S3Client(clientConfig);
    this.uploads = new S3UploadStore({
      s3ClientConfig: { ...clientConfig, bucket: config.bucket },
      // One chunk, one part (see AttachmentLimits.chunkBytes).
      partSize: AttachmentLimits.chunkBytes,
    });
  }

  private key({ notebookId, sha256 }: FileKey): string {
    return `files/${notebookId}/${sha256}`;
  }

  async readUpload(uploadId: string): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: uploadId }),
    );
    return object.Body as Readable;
  }

  async removeUpload(uploadId: string): Promise<void> {
    try {
      await this.uploads.remove(uploadId);
    } catch {
      // Finished (no multipart upload left to abort) or already gone: delete what remains.
    }
    await this.deleteUploadObjects(uploadId);
  }

  private async deleteUploadObjects(uploadId: string): Promise<void> {
    await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: {
          Objects: [{ Key: uploadId }, { Key: `${uploadId}.info` }, { Key: `${uploadId}.part` }],
          Quiet: true,
        },
      }),
    );
    await this.uploads.forget(uploadId);
  }

  async adoptUpload(uploadId: string, key: FileKey): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.key(key),
        CopySource: `${this.bucket}/${encodeURIComponent(uploadId)}`,
      }),
    );
    await this.deleteUploadObjects(uploadId);
  }

  async put(key: FileKey, bytes: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: bytes }),
    );
  }

  async size(key: FileKey): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(key) }),
      );
      return head.ContentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: FileKey, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new FileMissing(key);
      throw error;
    }
  }

  async remove(key: FileKey): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
  }
}
