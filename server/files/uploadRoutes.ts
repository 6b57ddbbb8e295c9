// The tus endpoint, /api/uploads (tus 1.0: creation, core, termination) on @tus/server. Tideline
// checks every request before tus sees it:
//
//   POST   signed in (cookie from the app's origin, or bearer), editor or owner of the notebook
//          in Upload-Metadata, metadata as src/protocol/attachments.ts says, Upload-Length given
//          and within MAX_UPLOAD_BYTES — refused before a byte is stored
//   HEAD / PATCH / DELETE /api/uploads/:id
//          only by the account that began the upload (anyone else: 404); PATCH also needs the
//          role still; a finished upload answers HEAD with its full offset, so a device whose
//          last response was lost learns it is done instead of sending it again
//
// The last chunk runs finishUpload (hash verified, content stored, teammates poked); the hash is
// taken as chunks arrive (UploadHashes), so the last chunk does not read the whole file again; a
// chunk's bytes go from the Node request to the store without tus's web-stream round trip
// (readPatchBodiesFromNode). A HEAD that finds every byte there but the upload unfinished (the
// server stopped between the two) runs it.
// An unfinished upload whose content the notebook already holds (another device sent the same
// photo and finished first; or this one was stored just before a crash) is complete: HEAD and
// PATCH answer with the full offset, and the rest of the file is never sent.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { Metadata, TUS_RESUMABLE, type Upload } from '@tus/utils';
import {
  AttachmentErrorCode,
  AttachmentPaths,
  uploadMetadataSchema,
} from '../../src/protocol/attachments.js';
import { canWrite, type Role } from '../../src/protocol/roles.js';
import { authenticate } from '../auth/authenticate.js';
import { ApiError } from '../errors.js';
import { requireMember } from '../notebooks/memberAccess.js';
import { notebookNotFound } from '../notebooks/notebookErrors.js';
import type { FilesContext } from './FilesContext.js';
import { finishFromStoredContent, finishUpload, type UploadRow } from './finishUpload.js';
import { readPatchBodiesFromNode } from './readPatchBodiesFromNode.js';
import { uploadAccess, type UploadAccess } from './uploadAccess.js';
import { UploadHashes } from './UploadHashes.js';

/** Unfinished uploads one account may have at once. */
const OPEN_UPLOADS_MAX = 200;

interface NewUpload {
  id: string;
  userId: string;
  notebookId: string;
  sha256: string;
  size: number;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

function invalidUpload(message: string): ApiError {
  return new ApiError(400, AttachmentErrorCode.invalidUpload, message);
}

/** The node request under a tus (srvx) request. */
function nodeRequest(req: unknown): IncomingMessage | undefined {
  return (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
}

async function requireWriter(context: FilesContext, notebookId: string, userId: string) {
  requireWriterRole(await requireMember(context.database.db, notebookId, userId));
}

/** Refuses unless `role` (undefined: not a member of the live notebook) may add files. */
function requireWriterRole(role: Role | undefined): void {
  if (role === undefined) throw notebookNotFound();
  if (!canWrite(role)) {
    throw new ApiError(
      403,
      AttachmentErrorCode.forbidden,
      'Viewers cannot add files to this notebook. Ask its owner to make you an editor.',
    );
  }
}

export const uploadRoutes: FastifyPluginAsync<FilesContext> = async (app, context) => {
  const { config, database, events, store } = context;
  const maxBytes = config.files.maxUploadBytes;
  const creating = new WeakMap<IncomingMessage, NewUpload>();
  const hashes = new UploadHashes();

  const tus = new TusServer({
    path: AttachmentPaths.uploads,
    datastore: hashes.hashing(store.uploads),
    relativeLocation: true,
    maxSize: maxBytes,
    namingFunction: (req) => {
      const upload = creating.get(nodeRequest(req)!);
      if (!upload) throw new Error('upload created without its checks');
      return upload.id;
    },
    onUploadCreate: async (req) => {
      const upload = creating.get(nodeRequest(req)!)!;
      await database.db
        .insertInto('uploads')
        .values({
          id: upload.id,
          user_id: upload.userId,
          notebook_id: upload.notebookId,
          sha256: upload.sha256,
          size: upload.size,
          created_at: Date.now(),
          finished_at: null,
        })
        .execute();
      return {};
    },
    onUploadFinish: async (_req, upload: Upload) => {
      const row = await uploadRow(upload.id);
      if (!row) throw { status_code: 404, body: 'Upload not found\n' };
      try {
        await finishUpload(database, events, store, row, {
          hashed: hashes.take(upload.id, Number(row.size)),
        });
      } catch (error) {
        if (error instanceof ApiError) {
          throw {
            status_code: error.statusCode,
            body: JSON.stringify({ error: { code: error.code, message: error.message } }),
          };
        }
        throw error;
      }
      return {};
    },
  });
  readPatchBodiesFromNode(tus);

  async function uploadRow(
    id: string,
  ): Promise<(UploadRow & { finished_at: unknown }) | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    return database.db
      .selectFrom('uploads')
      .select(['id', 'user_id', 'notebook_id', 'sha256', 'size', 'finished_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Checks a creation request; returns what tus will create. */
  async function checkCreation(request: FastifyRequest, userId: string): Promise<NewUpload> {
    const lengthHeader = request.headers['upload-length'];
    if (typeof lengthHeader !== 'string' || !/^\d{1,16}$/.test(lengthHeader)) {
      throw invalidUpload('Upload-Length must give the file’s size in bytes.');
    }
    const size = Number(lengthHeader);
    const rawMetadata = request.headers['upload-metadata'];
    let parsed: unknown;
    try {
      parsed = Metadata.parse(typeof rawMetadata === 'string' ? rawMetadata : '');
    } catch {
      throw invalidUpload('Upload-Metadata is not valid tus metadata.');
    }
    const metadata = uploadMetadataSchema.safeParse(parsed);
    if (!metadata.success) {
      const issue = metadata.error.issues[0];
      throw invalidUpload(
        `Upload-Metadata ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`.trim(),
      );
    }
    await requireWriter(context, metadata.data.notebookId, userId);
    if (size > maxBytes) {
      throw new ApiError(
        413,
        AttachmentErrorCode.fileTooLarge,
        `This file is ${formatMb(size)}; the largest this server accepts is ${formatMb(maxBytes)}.`,
      );
    }
    const open = await database.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('user_id', '=', userId)
      .where('finished_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(open.n) >= OPEN_UPLOADS_MAX) {
      throw new ApiError(
        429,
        AttachmentErrorCode.tooManyUploads,
        `You have ${OPEN_UPLOADS_MAX} uploads under way; let some finish first.`,
      );
    }
    return {
      id: randomBytes(16).toString('hex'),
      userId,
      notebookId: metadata.data.notebookId,
      sha256: metadata.data.sha256,
      size,
    };
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.method !== 'OPTIONS') {
      const auth = await authenticate(request, database, config.publicOrigin);
      const { uploadId } = request.params as { uploadId?: string };
      if (uploadId === undefined) {
        if (request.method !== 'POST') {
          throw new ApiError(405, 'method-not-allowed', 'Create an upload with POST.');
        }
        creating.set(request.raw, await checkCreation(request, auth.user.id));
      } else {
        const row = await uploadAccess(database.db, uploadId);
        if (!row || row.user_id !== auth.user.id) {
          throw new ApiError(
            404,
            AttachmentErrorCode.uploadNotFound,
            'This upload does not exist any more (it may have expired); start it again.',
          );
        }
        if (request.method === 'PATCH') requireWriterRole(row.role);
        if (await answeredFinished(request, reply, row)) return;
      }
    }
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
    if (request.method === 'DELETE' && reply.raw.statusCode === 204) {
      const { uploadId } = request.params as { uploadId: string };
      hashes.forget(uploadId);
      await database.db.deleteFrom('uploads').where('id', '=', uploadId).execute();
    }
  }

  /**
   * Answers for an upload that needs no more bytes: finished, or (unfinished) all its bytes here
   * (a HEAD after a crash between the last chunk and recording it), or its content already
   * stored in the notebook (another device's upload of it finished first). Returns false to
   * leave the request to tus.
   */
  async function answeredFinished(
    request: FastifyRequest,
    reply: FastifyReply,
    row: UploadAccess,
  ): Promise<boolean> {
    const size = String(Number(row.size));
    if (row.finished_at === null) {
      if (request.method !== 'HEAD' && request.method !== 'PATCH') return false;
      const head = request.method === 'HEAD';
      const finished =
        (await finishFromStoredContent(database, events, store, row, {
          checkStore: head,
          recorded: row.recorded,
        })) ||
        (head && (await finishIfAllHere(row)));
      if (!finished) return false;
    } else if (request.method === 'PATCH' && request.headers['upload-offset'] !== size) {
      throw new ApiError(409, 'upload-finished', 'This upload is complete; nothing more to send.');
    }
    if (request.method === 'DELETE') {
      await database.db.deleteFrom('uploads').where('id', '=', row.id).execute();
      await reply.code(204).header('tus-resumable', TUS_RESUMABLE).send();
      return true;
    }
    await reply
      .code(request.method === 'PATCH' ? 204 : 200)
      .headers({
        'tus-resumable': TUS_RESUMABLE,
        'upload-offset': size,
        'upload-length': size,
        'cache-control': 'no-store',
      })
      .send();
    return true;
  }

  /** Finishes an unfinished upload whose bytes are all in the store; returns whether it did. */
  async function finishIfAllHere(row: UploadRow): Promise<boolean> {
    const upload = await store.uploads.getUpload(row.id).catch(() => undefined);
    if (!upload || upload.offset !== upload.size) return false;
    await finishUpload(database, events, store, row);
    return true;
  }

  // tus reads chunks itself, straight from the request.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) =>
    done(null),
  );
  const methods = ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  app.route({ method: [...methods], url: '/uploads', handler: handle });
  app.route({ method: [...methods], url: '/uploads/:uploadId', handler: handle });
};
