// Response compression. The built client's files are compressed once, at build time
// (scripts/precompress.mjs writes a .br and a .gz beside each), and @fastify/static sends
// the variant the browser accepts (serveClient.ts: `preCompressed`). What is made per request
// — API answers such as a 2,000-entry pull page — is compressed here by @fastify/compress,
// which negotiates Accept-Encoding and sets Content-Encoding and `Vary: accept-encoding`.
// Answers the static plugin already encoded pass through untouched.
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Smallest answer worth compressing: below one TCP segment's payload the bytes saved do not
 * cut a round trip, and the CPU is spent for nothing (an empty-delta pull is ~100 bytes).
 */
export const COMPRESS_THRESHOLD_BYTES = 1400;

/**
 * JSON and text are compressed on the fly. Not the event stream (a compressor would hold
 * events back in its buffer) and not octet-stream bodies (attachments: mostly already
 * compressed formats, and served with byte ranges).
 */
const COMPRESSIBLE = /^application\/(?:[\w.+-]+\+)?json(?:;|$)|^text\/(?!event-stream)/u;

export function installCompression(app: FastifyInstance): void {
  void app.register(fastifyCompress, {
    global: true,
    // Request bodies stay as sent: no client compresses them, and inflating them would let a
    // small upload grow past the body limit's intent.
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD_BYTES,
    customTypes: COMPRESSIBLE,
  });
}
