// The file store's settings, read from the environment beside the rest of the configuration
// (server/config.ts): the largest upload, how long unreferenced bytes and unfinished uploads are
// kept, and, when S3_BUCKET is set, the S3-compatible object store to keep files in instead of
// DATA_DIR. Secrets are never echoed in an error.
import { z } from 'zod';
import { AttachmentLimits } from '../../src/protocol/attachments.js';

export interface S3Config {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000; unset: AWS's own. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** Bucket in the path (most self-hosted stores) rather than in the host name. */
  forcePathStyle: boolean;
}

export interface FilesConfig {
  /** The largest file accepted, in bytes (MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** How long stored bytes no attachment references are kept before they are deleted. */
  graceMs: number;
  /** How long an unfinished upload may wait for its next chunk before it is deleted. */
  uploadExpiryMs: number;
  /** Object storage; unset, files live under DATA_DIR/files. */
  s3: S3Config | undefined;
}

export const FILES_ENV_KEYS = [
  'MAX_UPLOAD_BYTES',
  'FILE_GRACE_HOURS',
  'UPLOAD_EXPIRY_HOURS',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
] as const;
type FilesEnvKey = (typeof FILES_ENV_KEYS)[number];
export const FILES_SECRET_KEYS: ReadonlySet<string> = new Set<FilesEnvKey>([
  'S3_SECRET_ACCESS_KEY',
  'S3_ACCESS_KEY_ID',
]);

const HOUR = 60 * 60 * 1000;

const hours = (key: string, example: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `set ${key} to a number of hours, e.g. ${example}`)
    .transform(Number)
    .refine((n) => n > 0 && n <= 24 * 3650, `set ${key} between 0 and 87600 hours`);

export const filesEnvSchema = z.object({
  MAX_UPLOAD_BYTES: z
    .string()
    .regex(/^\d+$/, 'set MAX_UPLOAD_BYTES to a whole number of bytes, e.g. 104857600')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 5 * 1024 ** 4, 'set MAX_UPLOAD_BYTES between 1 byte and 5 TB')
    .default(AttachmentLimits.maxBytesDefault),
  FILE_GRACE_HOURS: hours('FILE_GRACE_HOURS', 24).default(24),
  UPLOAD_EXPIRY_HOURS: hours('UPLOAD_EXPIRY_HOURS', 72).default(72),
  S3_ENDPOINT: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'set it to the object store’s http(s) URL, e.g. https://s3.eu-west-1.amazonaws.com')
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'set it to a bucket name (3–63 lower-case letters, digits, dots or hyphens)',
    )
    .optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'], { error: 'set S3_FORCE_PATH_STYLE to 1 or 0' })
    .transform((value) => value === '1' || value === 'true')
    .default(false),
});
export type FilesEnv = z.infer<typeof filesEnvSchema>;

/** The file settings from validated environment values; a problem is returned as its message. */
export function filesConfigFrom(values: FilesEnv): FilesConfig | string {
  const s3Keys = [values.S3_ENDPOINT, values.S3_ACCESS_KEY_ID, values.S3_SECRET_ACCESS_KEY];
  if (values.S3_BUCKET === undefined && s3Keys.some((value) => value !== undefined)) {
    return 'Set S3_BUCKET to keep files in object storage, or unset the other S3_ settings to keep them under DATA_DIR';
  }
  if ((values.S3_ACCESS_KEY_ID === undefined) !== (values.S3_SECRET_ACCESS_KEY === undefined)) {
    return 'Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither to use the environment’s own AWS credentials';
  }
  if (values.S3_BUCKET !== undefined && values.MAX_UPLOAD_BYTES > 5 * 1024 ** 3) {
    // A finished upload becomes its stored content by one server-side copy, which S3 caps at 5 GiB.
    return 'With S3_BUCKET set, MAX_UPLOAD_BYTES can be at most 5368709120 (5 GiB)';
  }
  return {
    maxUploadBytes: values.MAX_UPLOAD_BYTES,
    graceMs: values.FILE_GRACE_HOURS * HOUR,
    uploadExpiryMs: values.UPLOAD_EXPIRY_HOURS * HOUR,
    s3:
      values.S3_BUCKET === undefined
        ? undefined
        : {
            endpoint: values.S3_ENDPOINT,
            bucket: values.S3_BUCKET,
            region: values.S3_REGION,
            accessKeyId: values.S3_ACCESS_KEY_ID,
            secretAccessKey: values.S3_SECRET_ACCESS_KEY,
            forcePathStyle: values.S3_FORCE_PATH_STYLE,
          },
  };
}

/** The defaults: files under DATA_DIR, the protocol's largest file, a day's grace. */
export function defaultFilesConfig(): FilesConfig {
  return filesConfigFrom(filesEnvSchema.parse({})) as FilesConfig;
}
