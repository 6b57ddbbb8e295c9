// The baseline of the upload bench (uploads.bench.ts): a bare Fastify route that takes one PUT of
// a whole file and streams it to disk — no protocol, no chunks, no hashing, no database. /raw
// writes as a bare route does (fs's default buffer), /raw-buffered through the same buffer as
// Tideline's disk store (DiskUploadStore's WRITE_BUFFER). Run as its own process, like the
// Tideline server it is compared with; prints its port and the directory it writes to.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';
import { WRITE_BUFFER } from '../server/files/DiskUploadStore';

const dir = mkdtempSync(join(tmpdir(), 'tideline-raw-upload-'));
const app = Fastify({ logger: false, bodyLimit: 1024 ** 3 });
app.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null));
let n = 0;
function route(path: string, options?: { highWaterMark: number }) {
  app.put(path, async (request, reply) => {
    n += 1;
    await pipeline(request.raw, createWriteStream(join(dir, `upload-${n}`), options));
    return reply.code(204).send();
  });
}
route('/raw');
route('/raw-buffered', { highWaterMark: WRITE_BUFFER });
await app.listen({ port: 0, host: '127.0.0.1' });
// Ends with the bench that started it (its stdin is the bench's pipe).
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
const address = app.server.address();
console.log(
  JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, dir }),
);
