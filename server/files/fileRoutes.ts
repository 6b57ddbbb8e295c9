// Reading files: what the server accepts (GET /api/files/limits), whether a notebook already
// holds some content (HEAD /api/notebooks/:nb/files/:sha256, so a device sends nothing twice),
// and an attachment's bytes (GET /api/notebooks/:nb/attachments/:id/content, members only, with
// Range for media and the safe-serving headers of contentHeaders.ts).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  AttachmentErrorCode,
  AttachmentLimits,
  sha256Schema,
  type FileLimitsResponse,
} from '../../src/protocol/attachments.js';
import { uuidSchema } from '../../src/protocol/ids.js';
import { authenticate } from '../auth/authenticate.js';
import { ApiError } from '../errors.js';
import { requireMember } from '../notebooks/memberAccess.js';
import { contentHeaders } from './contentHeaders.js';
import type { FilesContext } from './FilesContext.js';
import { FileMissing } from './FileStore.js';
import { parseRange } from './parseRange.js';
import { attachmentsWithFiles } from './attachmentsWithFiles.js';

const fileParams = z.object({ notebookId: uuidSchema, sha256: sha256Schema }).strict();
const contentParams = z.object({ notebookId: uuidSchema, attachmentId: uuidSchema }).strict();

function notUploaded(): ApiError {
  return new ApiError(
    404,
    AttachmentErrorCode.attachmentNotUploaded,
    'This file has not finished uploading yet; it appears once its author’s device sends it.',
  );
}

export const fileRoutes: FastifyPluginAsync<FilesContext> = async (
  app,
  { config, database, store },
) => {
  const { db } = database;

  app.get('/files/limits', async (request): Promise<FileLimitsResponse> => {
    await authenticate(request, database, config.publicOrigin);
    return {
      maxUploadBytes: config.files.maxUploadBytes,
      chunkBytes: AttachmentLimits.chunkBytes,
    };
  });

  app.head('/notebooks/:notebookId/files/:sha256', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { notebookId, sha256 } = fileParams.parse(request.params);
    await requireMember(db, notebookId, auth.user.id);
    const file = await db
      .selectFrom('files')
      .select('size')
      .where('notebook_id', '=', notebookId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    await reply
      .code(file ? 200 : 404)
      .header('cache-control', 'no-store')
      .header('content-length', file ? String(Number(file.size)) : '0')
      .send();
  });

  app.get('/notebooks/:notebookId/attachments/:attachmentId/content', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { notebookId, attachmentId } = contentParams.parse(request.params);
    await requireMember(db, notebookId, auth.user.id);
    const attachment = await attachmentsWithFiles(db)
      .select([
        'attachments.name',
        'attachments.type',
        'attachments.sha256',
        'files.size as stored_size',
      ])
      .where('attachments.id', '=', attachmentId)
      .where('attachments.notebook_id', '=', notebookId)
      .where('attachments.deleted', '=', 0)
      .executeTakeFirst();
    if (!attachment) {
      throw new ApiError(
        404,
        AttachmentErrorCode.attachmentNotFound,
        'That file is not in this notebook (it may have been removed).',
      );
    }
    if (attachment.stored_size === null) throw notUploaded();
    const size = Number(attachment.stored_size);
    const headers = contentHeaders(attachment);
    reply.headers(headers);
    if (request.headers['if-none-match'] === headers.etag) return reply.code(304).send();

    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      return reply
        .code(416)
        .header('content-range', `bytes */${size}`)
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          error: { code: 'range-not-satisfiable', message: `The file has ${size} bytes.` },
        });
    }
    const key = { notebookId, sha256: attachment.sha256 };
    try {
      if (range === 'whole') {
        const stream = await store.read(key);
        return reply.code(200).header('content-length', String(size)).send(stream);
      }
      const stream = await store.read(key, range);
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(stream);
    } catch (error) {
      if (error instanceof FileMissing) throw notUploaded();
      throw error;
    }
  });
};
