// PATCH bodies from the Node request straight to the tus data store. @tus/server 2 takes every
// request as a web `Request` (srvx wraps Node's), so a chunk's bytes went
//
//   socket → IncomingMessage → Readable.toWeb → Readable.fromWeb → PassThrough → limit → store
//
// two adapters that only undo each other, each a promise per socket read (about 13 ms of server
// CPU for 50 MB). Here the PATCH handler is given the Node request's body as it is:
//
//   socket → IncomingMessage → limit → store
//
// Everything else stays tus's own (offset checks, locking, the size limit, onUploadFinish, the
// response); only the one step that reads the body (the handler's writeToStore) is replaced, and
// it keeps that step's rules: a request cut off (client gone, aborted) ends the body where it
// stopped, so the store keeps what arrived; a failing store or an oversized body never destroys
// the request under the response. A request that is not Node's (handleWeb) or a server that
// listens for POST_RECEIVE (which the library emits from its own stream) takes tus's own path.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Server as TusServer } from '@tus/server';
import {
  ERRORS,
  EVENTS,
  StreamLimiter,
  type CancellationContext,
  type DataStore,
  type Upload,
} from '@tus/utils';

/** The parts of @tus/server's PatchHandler this relies on (writeToStore is protected). */
interface PatchHandler {
  store: DataStore;
  listenerCount(event: string): number;
  send(req: Request, context: CancellationContext, headers?: Headers): Promise<Response>;
  writeToStore(
    body: ReadableStream | null,
    upload: Upload,
    maxBytes: number,
    context: CancellationContext,
  ): Promise<number>;
}

/** The Node request under a srvx request, if there is one. */
function nodeRequest(req: Request): IncomingMessage | undefined {
  return (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
}

export function readPatchBodiesFromNode(tus: TusServer): void {
  const handler = tus.handlers.PATCH as unknown as PatchHandler;
  const send = handler.send.bind(handler);
  const writeToStore = handler.writeToStore.bind(handler);
  // Each request has its own cancellation context, the one thing writeToStore is given of it.
  const bodies = new WeakMap<CancellationContext, IncomingMessage>();

  handler.send = (req, context, headers) => {
    const node = nodeRequest(req);
    if (node && handler.listenerCount(EVENTS.POST_RECEIVE) === 0) {
      bodies.set(context, node);
      // Reading `body` would start srvx's web stream, which consumes the request.
      Object.defineProperty(req, 'body', { value: null });
    }
    return send(req, context, headers);
  };

  handler.writeToStore = (body, upload, maxBytes, context) => {
    const node = bodies.get(context);
    if (!node) return writeToStore(body, upload, maxBytes, context);
    bodies.delete(context);
    return writeFromNode(handler.store, node, upload, maxBytes, context);
  };
}

/** tus's writeToStore with the Node request as the body. */
async function writeFromNode(
  store: DataStore,
  source: IncomingMessage,
  upload: Upload,
  maxBytes: number,
  context: CancellationContext,
): Promise<number> {
  if (context.signal.aborted) throw ERRORS.ABORTED;
  const limiter = new StreamLimiter(maxBytes);
  let writing = true;
  let sourceError: unknown;
  // Stays attached: a request that errors later (cut off after the response) must not throw.
  source.on('error', (error) => {
    if (!writing) return;
    sourceError = error;
    source.unpipe(limiter);
    if (!context.signal.aborted) limiter.destroy(error);
  });
  // Cut off: end the body here, so the store keeps (and reports) what arrived.
  const onAbort = () => {
    source.unpipe(limiter);
    if (!limiter.destroyed) limiter.end();
  };
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // pipe(), not pipeline(), from the request: a failure downstream must leave it to the response.
    // (pipeline hands a Node stream on as itself: `stream` is the limiter.)
    return await pipeline(source.pipe(limiter), (stream) =>
      store.write(stream as Readable, upload.id, upload.offset),
    );
  } catch (error) {
    source.unpipe(limiter);
    const aborted =
      (sourceError !== undefined && error === sourceError) ||
      (error instanceof Error && error.name === 'AbortError');
    throw aborted ? ERRORS.ABORTED : error;
  } finally {
    writing = false;
    context.signal.removeEventListener('abort', onAbort);
  }
}
