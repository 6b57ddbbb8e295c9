// The baseline of the upload bench (uploads.bench.ts): a bare Fastify route that takes one PUT of
// a whole file and streams it to disk — no protocol, no chunks, no hashing, no database. Run as
// its own process, like the Tideline server it is compared with; prints its port.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';

const dir = mkdtempSync(join(tmpdir(), 'tideline-raw-upload-'));
const app = Fastify({ logger: false, bodyLimit: 1024 ** 3 });
app.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null));
let n = 0;
app.put('/raw', async (request, reply) => {
  n += 1;
  await pipeline(request.raw, createWriteStream(join(dir, `upload-${n}`)));
  return reply.code(204).send();
});
await app.listen({ port: 0, host: '127.0.0.1' });
// Ends with the bench that started it (its stdin is the bench's pipe).
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
const address = app.server.address();
console.log(
  JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, dir }),
);
