// An upload through a server crash (see docs/reliability.md, "Uploads through a crash"): the real
// server (server/main.ts as a child process) takes a file in tus chunks of AttachmentLimits.chunkBytes and is killed with
// SIGKILL while a chunk is half sent, then started again on the same database and file store
// (DATA_DIR or the S3 bucket). The device asks how far it got and carries on from there:
//
//   - the offset the restarted server reports is bytes it really holds: never less than what it
//     acknowledged before the kill (nothing acknowledged is asked for again), never more than
//     what was sent, and the finished file's SHA-256 equals the original's (no torn bytes);
//   - at most the chunk in flight is sent twice (the test counts every body byte it writes);
//   - the upload finishes into exactly one stored file and the attachment becomes `stored`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, symlinkSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AttachmentLimits, AttachmentPaths } from '../../src/protocol/attachments.js';
import type { PullResponse } from '../../src/protocol/sync.js';
import { openDatabase } from '../db/openDatabase.js';
import { attachmentAdd } from '../test/attachmentArgs.js';
import { entryEnv, startEntry } from '../test/entryServer.js';
import { killEntries } from '../test/runEntry.js';
import { startS3Server } from '../test/s3Server.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';
import { testDatabaseLocation, testDatabaseTargets } from '../test/testDatabases.js';

afterAll(() => {
  killEntries();
  removeTempDirs();
});

/**
 * The app's chunks; on S3 also 4 MiB, below S3's smallest part, as a device still sends with
 * limits it kept from an older server: each such chunk leaves an "incomplete part" behind, the
 * case S3UploadStore.ts guards.
 */
const CASES = [
  { storeKind: 'disk', chunk: AttachmentLimits.chunkBytes },
  { storeKind: 's3', chunk: AttachmentLimits.chunkBytes },
  { storeKind: 's3', chunk: 4 * 1024 * 1024 },
] as const;
/** How much of the second chunk is sent before the kill. */
const IN_FLIGHT = 2 * 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

function metadataHeader(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

/**
 * Bytes of `path` and below (0 when missing), optionally only files whose name matches and is not
 * in `except`.
 */
async function bytesUnder(
  path: string,
  name = /./,
  except: ReadonlySet<string> = new Set(),
): Promise<number> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !name.test(entry.name) || except.has(entry.name)) continue;
    total += await stat(join(path, entry.name)).then(
      (info) => info.size,
      () => 0,
    );
  }
  return total;
}

/**
 * Starts a PATCH of `body` but writes only its first `sent` bytes, leaving the request open (as a
 * device does while its chunk is on the way). Resolves once every byte was handed to the socket.
 */
async function halfSentPatch(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  sent: number,
) {
  const req = request(url, {
    method: 'PATCH',
    headers: { ...headers, 'content-length': String(body.length) },
  });
  req.on('error', () => undefined);
  for (let at = 0; at < sent; at += 64 * 1024) {
    const slice = body.subarray(at, Math.min(at + 64 * 1024, sent));
    if (!req.write(slice)) await new Promise((resolve) => req.once('drain', resolve));
  }
  return req;
}

for (const { kind, enabled } of testDatabaseTargets) {
  for (const { storeKind, chunk: CHUNK } of CASES) {
    /** Three chunks: the kill lands in the second, after one was acknowledged. */
    const SIZE = 2 * CHUNK + 1234567;
    describe.runIf(enabled)(
      `an upload through a server crash on ${kind}, ${storeKind} store, ${CHUNK / 1024 / 1024} MiB chunks`,
      () => {
        it('resumes from bytes the server really holds, re-sends at most the chunk in flight, stores once', async () => {
          const location = testDatabaseLocation(kind);
          const s3 = storeKind === 's3' ? await startS3Server() : undefined;
          try {
            const env = await entryEnv(location, s3?.s3);
            // The S3 store stages a part in the temporary directory before sending it on: the
            // test watches it there to know the server is taking in the chunk. (tsx keeps its
            // compile cache there too: linked, so the server starts as fast as elsewhere.)
            const tmp = makeTempDir('tideline-server-tmp-');
            if (storeKind === 's3') {
              const cache = join(tmpdir(), `tsx-${process.getuid?.() ?? 0}`);
              if (existsSync(cache)) symlinkSync(cache, join(tmp, basename(cache)));
              env.TMPDIR = tmp;
            }
            const base = `http://127.0.0.1:${env.PORT}`;
            let entry = await startEntry(env);

            const email = `crash-${randomUUID()}@example.org`;
            const password = 'correct horse battery';
            await json(`${base}/api/auth/sign-up`, { email, password }, { origin: base });
            const { token } = (await json(
              `${base}/api/auth/tokens`,
              { email, password },
              { origin: base },
            )) as { token: string };
            const auth = { authorization: `Bearer ${token}` };
            const tus = { ...auth, 'tus-resumable': '1.0.0' };

            const bytes = randomBytes(SIZE);
            const sha256 = createHash('sha256').update(bytes).digest('hex');
            const notebookId = randomUUID();
            const entryId = randomUUID();
            const add = attachmentAdd(notebookId, entryId, { sha256, size: SIZE });
            const clientId = randomUUID();
            await json(
              `${base}/api/sync/push`,
              {
                clientId,
                mutations: [
                  { id: 1, name: 'notebook.create', args: { id: notebookId, name: 'Survey' } },
                  {
                    id: 2,
                    name: 'entry.put',
                    args: { id: entryId, notebookId, baseVersion: 0, fields: { title: 'Photo' } },
                  },
                  { id: 3, ...add },
                ],
              },
              auth,
            );

            const created = await fetch(`${base}${AttachmentPaths.uploads}`, {
              method: 'POST',
              headers: {
                ...tus,
                'upload-length': String(SIZE),
                'upload-metadata': metadataHeader({
                  notebookId,
                  sha256,
                  filename: 'photo.jpg',
                  filetype: 'image/jpeg',
                }),
              },
            });
            expect(created.status).toBe(201);
            const url = new URL(created.headers.get('location')!, base).toString();
            const uploadId = url.split('/').pop()!;
            let bodyBytesSent = 0;
            const patch = async (offset: number) => {
              const chunk = bytes.subarray(offset, offset + CHUNK);
              bodyBytesSent += chunk.length;
              return fetch(url, {
                method: 'PATCH',
                headers: {
                  ...tus,
                  'upload-offset': String(offset),
                  'content-type': 'application/offset+octet-stream',
                },
                body: chunk,
              });
            };

            const first = await patch(0);
            expect(first.status).toBe(204);
            const acknowledged = Number(first.headers.get('upload-offset'));
            expect(acknowledged).toBe(CHUNK);

            // The second chunk: half of it on the way when the server is killed. On S3 only
            // parts staged from now on count: the first chunk's part is removed after its
            // response, and may still be there (then shrink to nothing while this one grows).
            const staged = new Set(await readdir(tmp));
            const held =
              storeKind === 'disk'
                ? () =>
                    bytesUnder(join(env.DATA_DIR!, 'files', 'uploads'), new RegExp(`^${uploadId}$`))
                : () => bytesUnder(tmp, /^[A-Za-z0-9_-]{10}-\d+$/, staged);
            const before = await held();
            const inFlight = await halfSentPatch(
              url,
              {
                ...tus,
                'upload-offset': String(acknowledged),
                'content-type': 'application/offset+octet-stream',
              },
              bytes.subarray(acknowledged, acknowledged + CHUNK),
              IN_FLIGHT,
            );
            bodyBytesSent += IN_FLIGHT;
            // Wait until the server is writing the chunk, and for what reached it to settle.
            let last = before;
            for (let quiet = 0; quiet < 3;) {
              await sleep(50);
              const now = await held();
              quiet = now > before && now === last ? quiet + 1 : 0;
              last = now;
            }
            entry.child.kill('SIGKILL');
            await entry.exited;
            inFlight.destroy();

            entry = await startEntry(env);
            const head = await fetch(url, { method: 'HEAD', headers: tus });
            expect(head.status).toBe(200);
            const resumeAt = Number(head.headers.get('upload-offset'));
            expect(resumeAt).toBeGreaterThanOrEqual(acknowledged);
            expect(resumeAt).toBeLessThanOrEqual(acknowledged + IN_FLIGHT);

            let offset = resumeAt;
            let response: Response | undefined;
            while (offset < SIZE) {
              response = await patch(offset);
              expect(response.status, await response.clone().text()).toBe(204);
              offset = Number(response.headers.get('upload-offset'));
            }
            const resent = bodyBytesSent - SIZE;
            expect(resent).toBeLessThanOrEqual(CHUNK);
            if (process.env.UPLOAD_CRASH_REPORT) {
              console.warn(
                `upload crash on ${kind}/${storeKind}: acknowledged ${acknowledged}, ` +
                  `${IN_FLIGHT} in flight, resumed at ${resumeAt}, re-sent ${resent} bytes`,
              );
            }

            const pull = (await json(
              `${base}/api/sync/pull`,
              { clientId, cursors: {} },
              auth,
            )) as PullResponse;
            const pulled = pull.changes
              .flatMap((change) => change.entries)
              .find((record) => record.id === entryId);
            expect(pulled && !pulled.deleted && pulled.attachments[0]?.stored).toBe(true);
            const content = await fetch(
              `${base}${AttachmentPaths.content(notebookId, add.args.id)}`,
              {
                headers: auth,
              },
            );
            expect(content.status).toBe(200);
            const served = Buffer.from(await content.arrayBuffer());
            expect(createHash('sha256').update(served).digest('hex')).toBe(sha256);

            const exited = entry.exited;
            entry.child.kill('SIGTERM');
            await exited;
            const database = await openDatabase(location.config, location.options);
            try {
              const files = await database.db.selectFrom('files').selectAll().execute();
              expect(files.map((file) => [file.sha256, Number(file.size)])).toEqual([
                [sha256, SIZE],
              ]);
              const uploads = await database.db.selectFrom('uploads').selectAll().execute();
              expect(uploads.map((upload) => upload.finished_at !== null)).toEqual([true]);
            } finally {
              await database.close();
            }
          } finally {
            await s3?.close();
            await location.cleanup();
          }
        }, 180_000);
      },
    );
  }
}
