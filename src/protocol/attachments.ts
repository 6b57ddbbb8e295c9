// Attachments: photos, files and voice memos on an entry. The row (this schema) travels with its
// entry through the outbox and pulls like any other change; the bytes travel apart, once per
// notebook and content hash, over the tus resumable-upload protocol.
//
//   device                                   server
//   ──────                                   ──────
//   attachment.add (outbox) ───────────────▶ row stored, entry version bumped, teammates poked
//   HEAD  /api/notebooks/:nb/files/:sha256 ─▶ 200 already stored (nothing sent) | 404
//   POST  /api/uploads (tus creation) ──────▶ 201 Location: /api/uploads/:uploadId
//   PATCH /api/uploads/:uploadId (chunks) ──▶ 204 Upload-Offset (each chunk a resume point)
//                                            last chunk: SHA-256 recomputed; a mismatch is
//                                            refused (nothing becomes visible) with 422
//   GET   /api/notebooks/:nb/attachments/:id/content ─▶ the bytes (members only, Range)
//
// An attachment row may arrive before its bytes: teammates see the name, size and thumbnail at
// once and the content when the upload completes (`GET …/content` answers 404
// `attachment-not-uploaded` until then).
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { uuidSchema, versionSchema } from './ids.js';
import { NUL_MESSAGE, hasNoNul } from './text.js';

export const AttachmentLimits = {
  /** Default largest file, in bytes; the server's `MAX_UPLOAD_BYTES` may set another. */
  maxBytesDefault: 100 * 1024 * 1024,
  /**
   * Bytes in one upload chunk (one resume point). At least S3's smallest multipart part (5 MiB)
   * and equal to the part the S3 store sends, so each chunk goes up as one whole part and nothing
   * is held back to be downloaded and sent again with the next chunk; and half as many requests
   * as 4 MiB for the same file.
   */
  chunkBytes: 8 * 1024 * 1024,
  /** Characters in a file name. */
  nameMax: 255,
  /** Characters in a thumbnail's data: URL. */
  thumbnailMax: 24 * 1024,
  /** Attachments on one entry. */
  perEntryMax: 50,
} as const;

/** The patterns below, exported so the hand-written pull checks (parsePullResponse.ts) share them. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const MEDIA_TYPE_PATTERN =
  // eslint-disable-next-line no-control-regex -- parameters may hold anything but U+0000
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;[^\u0000]*)?$/i;
export const THUMBNAIL_PATTERN = /^data:image\/(jpeg|webp|png);base64,[A-Za-z0-9+/]+=*$/;

export const sha256Schema = z.string().regex(SHA256_PATTERN, 'must be a lowercase SHA-256 hex');

export const attachmentNameSchema = z
  .string()
  .trim()
  .min(1, 'a file needs a name')
  .max(
    AttachmentLimits.nameMax,
    `a file name must be at most ${AttachmentLimits.nameMax} characters`,
  )
  .refine(hasNoNul, NUL_MESSAGE)
  .refine((name) => !/[/\\]/.test(name), 'a file name cannot contain / or \\');

/** A MIME type as `type/subtype` (parameters such as `;codecs=opus` allowed). */
export const mediaTypeSchema = z
  .string()
  .max(127)
  .regex(MEDIA_TYPE_PATTERN, 'must be a media type');

/** A small preview (JPEG or WebP) as a data: URL, made on the device. */
export const thumbnailSchema = z
  .string()
  .max(AttachmentLimits.thumbnailMax, 'a thumbnail is too large')
  .regex(THUMBNAIL_PATTERN, 'a thumbnail must be a data: URL');

/** What the author sets when attaching. */
export const attachmentFieldsSchema = z
  .object({
    id: uuidSchema,
    name: attachmentNameSchema,
    type: mediaTypeSchema,
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    sha256: sha256Schema,
    thumbnail: thumbnailSchema.nullable(),
    /** Audio or video length in milliseconds, measured on the device. */
    durationMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600_000)
      .nullable(),
  })
  .strict();
export type AttachmentFields = z.infer<typeof attachmentFieldsSchema>;

/** An attachment as a pull delivers it, inside its live entry (`entry.attachments`). */
export const attachmentRecordSchema = attachmentFieldsSchema.extend({
  createdAt: z.number(),
  createdBy: z.string(),
  /** Whether the server holds the verified bytes (false while the upload is under way). */
  stored: z.boolean(),
  /** The entry version at which it was added. */
  version: versionSchema,
});
export type AttachmentRecord = z.infer<typeof attachmentRecordSchema>;

/** Arguments of `attachment.add`: the entry must exist (or be created earlier in the outbox). */
export const attachmentAddArgsSchema = attachmentFieldsSchema
  .extend({ entryId: uuidSchema, notebookId: uuidSchema })
  .strict();
export type AttachmentAddArgs = z.infer<typeof attachmentAddArgsSchema>;

/** Arguments of `attachment.remove`. Removing one that is already gone is a no-op. */
export const attachmentRemoveArgsSchema = z
  .object({ id: uuidSchema, entryId: uuidSchema, notebookId: uuidSchema })
  .strict();
export type AttachmentRemoveArgs = z.infer<typeof attachmentRemoveArgsSchema>;

/** tus `Upload-Metadata` keys the client sends with `POST /api/uploads`. */
export const uploadMetadataSchema = z
  .object({
    notebookId: uuidSchema,
    sha256: sha256Schema,
    filename: attachmentNameSchema,
    filetype: mediaTypeSchema,
  })
  .strict();
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;

/** `GET /api/files/limits`: what the server accepts, so a device can refuse early. */
export const fileLimitsResponseSchema = z.object({
  maxUploadBytes: z.number().int().positive(),
  chunkBytes: z.number().int().positive(),
});
export type FileLimitsResponse = z.infer<typeof fileLimitsResponseSchema>;

export const AttachmentPaths = {
  uploads: '/api/uploads',
  limits: '/api/files/limits',
  file: (notebookId: string, sha256: string) => `/api/notebooks/${notebookId}/files/${sha256}`,
  content: (notebookId: string, attachmentId: string) =>
    `/api/notebooks/${notebookId}/attachments/${attachmentId}/content`,
} as const;

/** Codes of the file routes' refusals (`{"error":{"code","message"}}`), for a device to act on. */
export const AttachmentErrorCode = {
  /** Upload-Length over the server's MAX_UPLOAD_BYTES (413): nothing was stored. */
  fileTooLarge: 'file-too-large',
  /** Missing or malformed Upload-Length or Upload-Metadata (400). */
  invalidUpload: 'invalid-upload',
  /** The bytes received do not hash to the announced SHA-256 (422): they were deleted. */
  hashMismatch: 'hash-mismatch',
  /** No such upload for this account (it expired, finished long ago, or is someone else's). */
  uploadNotFound: 'upload-not-found',
  /** Too many unfinished uploads for one account (429). */
  tooManyUploads: 'too-many-uploads',
  /** Viewers cannot upload (403). */
  forbidden: 'forbidden',
  /** No such attachment in this notebook, or it was removed (404). */
  attachmentNotFound: 'attachment-not-found',
  /** The attachment exists but its bytes are not uploaded yet (404). */
  attachmentNotUploaded: 'attachment-not-uploaded',
} as const;
export type AttachmentErrorCode = (typeof AttachmentErrorCode)[keyof typeof AttachmentErrorCode];
