// Uploading a 50 MB file, the server in its own process and the client in this one over loopback:
// - Tideline's tus route (/api/uploads: chunks of AttachmentLimits.chunkBytes as the app's client
//   sends them, with tus-js-client; auth, metadata checks, the tus data store on disk, SHA-256
//   taken as chunks arrive and checked on the last, the file recorded) against one raw PUT of the
//   same bytes to a bare Fastify route that streams them to disk (rawUpload.child.ts), median of
//   RUNS each, alternated; each server's CPU time per upload is printed beside (Linux), a figure
//   that a loaded machine moves less than the wall-clock one;
// - the same two over a link of BENCH_UPLOAD_LINK_MBIT (default 100 Mbit/s, a throttling TCP
//   proxy in this process), where a phone's upload actually spends its time;
// - bytes sent again after the server is killed (SIGKILL) halfway through, counted on the wire
//   by a TCP proxy between client and server, against one chunk — on the disk store and the S3
//   store (an s3rver in this process, as the tests use).
// BENCH_UPLOAD_MB sets the size (default 50), BENCH_UPLOAD_RUNS the loopback runs (default 5);
// BENCH_UPLOAD_LOOPBACK_ONLY=1 measures the loopback comparison alone (for A/B runs of a change);
// BENCH_UPLOAD_SERVER_NODE_ARGS (space-separated) go to node for that Tideline server (to profile
// it: '--cpu-prof --cpu-prof-dir=/tmp/prof', written when it stops).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { AttachmentLimits, AttachmentPaths } from '../src/protocol/attachments';
import { WRITE_BUFFER } from '../server/files/DiskUploadStore';
import type { S3Config } from '../server/files/filesConfig';
import { entryEnv, startEntry } from '../server/test/entryServer';
import type { EntryProcess } from '../server/test/runEntry';
import { REPO_ROOT } from '../server/test/runEntry';
import { startS3Server } from '../server/test/s3Server';
import { makeTempDir, removeTempDirs } from '../server/test/tempDir';
import { median, type Bench, type BenchRow } from './types';

const MB = Number(process.env.BENCH_UPLOAD_MB ?? 50);
const SIZE = MB * 1000 * 1000;
const CHUNK = AttachmentLimits.chunkBytes;
const RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 5);
const LOOPBACK_ONLY = process.env.BENCH_UPLOAD_LOOPBACK_ONLY === '1';
/** The slower link of the second comparison, in Mbit/s (BENCH_UPLOAD_LINK_MBIT). */
const LINK_MBIT = Number(process.env.BENCH_UPLOAD_LINK_MBIT ?? 100);
const LINK_RUNS = 3;

interface Tideline {
  base: string;
  headers: Record<string, string>;
  notebook(): Promise<{ notebookId: string }>;
}

async function postJson(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as unknown;
}

async function signIn(base: string): Promise<Tideline> {
  const email = `bench-${randomUUID()}@example.org`;
  const password = 'bench password';
  await postJson(`${base}/api/auth/sign-up`, { email, password }, { origin: base });
  const { token } = (await postJson(
    `${base}/api/auth/tokens`,
    { email, password },
    { origin: base },
  )) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const clientId = randomUUID();
  let mutation = 0;
  return {
    base,
    headers,
    async notebook() {
      const notebookId = randomUUID();
      mutation += 1;
      await postJson(
        `${base}/api/sync/push`,
        {
          clientId,
          mutations: [
            { id: mutation, name: 'notebook.create', args: { id: notebookId, name: 'Bench' } },
          ],
        },
        headers,
      );
      return { notebookId };
    },
  };
}

/** Uploads `bytes` through Tideline's tus route; resolves with the milliseconds it took. */
function tusUpload(
  endpoint: string,
  tideline: Tideline,
  notebookId: string,
  bytes: Buffer,
  sha256: string,
  onChunk: (accepted: number) => void = () => undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const upload = new Upload(bytes, {
      endpoint,
      chunkSize: CHUNK,
      uploadSize: bytes.length,
      headers: tideline.headers,
      metadata: { notebookId, sha256, filename: 'bench.bin', filetype: 'application/octet-stream' },
      retryDelays: [0, 500, 1000, 2000, 4000, 8000, 8000, 8000],
      storeFingerprintForResuming: false,
      onChunkComplete: (_chunk, accepted) => onChunk(accepted),
      onSuccess: () => resolve(performance.now() - started),
      onError: reject,
    });
    upload.start();
  });
}

/** One PUT of the whole file with node:http, as tus-js-client sends its chunks in Node. */
function rawPut(port: number, bytes: Buffer, path = '/raw'): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `http://127.0.0.1:${port}${path}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 204
            ? resolve(performance.now() - started)
            : reject(new Error(`raw PUT: ${response.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

async function startRaw(): Promise<{ port: number; dir: string; child: ChildProcess }> {
  // Its stdin is this process's pipe: the child ends when that closes, so a bench that dies
  // (a crash, ^C, SIGKILL) leaves no raw server behind.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/rawUpload.child.ts'], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const { port, dir } = await new Promise<{ port: number; dir: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as { port: number; dir: string });
    });
    child.once('exit', (code) => reject(new Error(`raw server exited with ${code}`)));
  });
  return { port, dir, child };
}

/**
 * A TCP proxy that counts the bytes the client sends through it and, given a rate, lets them
 * through no faster (a token bucket on the client's side: a link of that speed, upstream).
 */
async function countingProxy(
  target: () => number,
  bytesPerSecond?: number,
): Promise<{
  port: number;
  sent(): number;
  server: Server;
}> {
  let sent = 0;
  let since = performance.now();
  let budgeted = 0;
  const server = createServer((client) => {
    const upstream = connect(target(), '127.0.0.1');
    client.on('data', (data: Buffer) => {
      sent += data.length;
      if (!bytesPerSecond) return;
      const now = performance.now();
      // Idle for a while: the link is free again.
      if (now > since + (budgeted / bytesPerSecond) * 1000 + 100) {
        since = now;
        budgeted = 0;
      }
      budgeted += data.length;
      const due = since + (budgeted / bytesPerSecond) * 1000;
      if (due > now) {
        client.pause();
        setTimeout(() => client.resume(), due - now);
      }
    });
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    sent: () => sent,
    server,
  };
}

/** CPU milliseconds (user + system) process `pid` has used, from /proc; NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** `run()`'s wall-clock milliseconds, and the CPU milliseconds process `pid` used meanwhile. */
async function timed(pid: number | undefined, run: () => Promise<number>) {
  const before = cpuMs(pid);
  const ms = await run();
  return { ms, cpu: cpuMs(pid) - before };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bytes in the files of `dir` whose names match and are not in `except`. */
async function bytesIn(
  dir: string,
  name: RegExp,
  except: ReadonlySet<string> = new Set(),
): Promise<number> {
  let total = 0;
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    if (name.test(file) && !except.has(file))
      total += await stat(join(dir, file)).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

/**
 * Bytes the client sent beyond the file itself, through a proxy: once with no kill (protocol
 * overhead: headers of every request), once killed when half the file was acknowledged and the
 * next chunk half sent. Returns the difference: what the kill made it send again.
 */
async function resentAfterKill(bytes: Buffer, sha256: string, s3?: S3Config) {
  const env = await entryEnv(
    {
      config: { databaseUrl: undefined, dataDir: makeTempDir('tideline-bench-data-') },
      options: {},
      cleanup: async () => {},
    },
    s3,
  );
  // What the server holds of the chunk in flight: the upload's file on disk; with S3, the part
  // it stages in its temporary directory before sending it on.
  env.TMPDIR = makeTempDir('tideline-bench-tmp-');
  const staged = new Set<string>();
  const held = s3
    ? () => bytesIn(env.TMPDIR!, /^[A-Za-z0-9_-]{10}-\d+$/, staged)
    : () => bytesIn(join(env.DATA_DIR!, 'files', 'uploads'), /^[0-9a-f]{32}$/);
  let entry: EntryProcess = await startEntry(env);
  const proxy = await countingProxy(() => Number(env.PORT));
  try {
    const tideline = await signIn(`http://127.0.0.1:${env.PORT}`);
    const endpoint = `http://127.0.0.1:${proxy.port}${AttachmentPaths.uploads}`;

    const plainStart = proxy.sent();
    await tusUpload(endpoint, tideline, (await tideline.notebook()).notebookId, bytes, sha256);
    const overhead = proxy.sent() - plainStart - bytes.length;

    const { notebookId } = await tideline.notebook();
    const killStart = proxy.sent();
    let killing: Promise<void> | undefined;
    await tusUpload(endpoint, tideline, notebookId, bytes, sha256, (accepted) => {
      if (killing || accepted < bytes.length / 2) return;
      killing = (async () => {
        // Killed while the server is taking in the next chunk: as soon as it holds some of it.
        // (On S3 a part staged for an earlier chunk may still be there, removed after its
        // response: only parts staged from now on count.)
        if (s3) for (const file of await readdir(env.TMPDIR!)) staged.add(file);
        const before = await held();
        while ((await held()) <= before) await sleep(1);
        entry.child.kill('SIGKILL');
        await entry.exited;
        entry = await startEntry(env);
      })();
    });
    await killing;
    const wire = proxy.sent() - killStart - bytes.length;
    return { resent: Math.max(0, wire - overhead), overhead };
  } finally {
    proxy.server.close();
    entry.child.kill('SIGTERM');
    await entry.exited;
  }
}

export const bench: Bench = {
  name: `uploads (${MB} MB)`,
  async run(): Promise<BenchRow[]> {
    const bytes = randomBytes(SIZE);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rows: BenchRow[] = [];

    const raw = await startRaw();
    const dataDir = makeTempDir('tideline-bench-data-');
    const env = await entryEnv({
      config: { databaseUrl: undefined, dataDir },
      options: {},
      cleanup: async () => {},
    });
    const nodeArgs = process.env.BENCH_UPLOAD_SERVER_NODE_ARGS?.split(' ').filter(Boolean);
    const entry = await startEntry(env, nodeArgs).catch((error: unknown) => {
      raw.child.kill('SIGTERM');
      throw error;
    });
    try {
      const tideline = await signIn(`http://127.0.0.1:${env.PORT}`);
      const endpoint = `${tideline.base}${AttachmentPaths.uploads}`;
      // Three uploads a run: Tideline's tus route, one raw PUT as a bare route writes it (fs's
      // default 16 KiB buffer), and one raw PUT written through the same buffer as Tideline's
      // disk store (WRITE_BUFFER) — the same disk writing with no protocol and no hash.
      const sides = {
        tus: { ms: [] as number[], cpu: [] as number[] },
        raw: { ms: [] as number[], cpu: [] as number[] },
        rawBuffered: { ms: [] as number[], cpu: [] as number[] },
      };
      type Side = keyof typeof sides;
      // Readies one upload (a fresh notebook for tus, untimed) and returns it, to be timed.
      const ready = async (side: Side): Promise<() => Promise<number>> => {
        if (side === 'raw') return () => rawPut(raw.port, bytes, '/raw');
        if (side === 'rawBuffered') return () => rawPut(raw.port, bytes, '/raw-buffered');
        const { notebookId } = await tideline.notebook();
        return () => tusUpload(endpoint, tideline, notebookId, bytes, sha256);
      };
      // Each upload's file is removed before the next (untimed): 50 MB after 50 MB left in the
      // page cache made every upload, of either kind, about twice as slow from a dozen on.
      const removeStored = async () => {
        await rm(raw.dir, { recursive: true, force: true });
        await mkdir(raw.dir);
        await rm(join(dataDir, 'files', 'content'), { recursive: true, force: true });
      };
      // One of each untimed first (connections, JIT).
      for (const side of Object.keys(sides) as Side[]) {
        await (
          await ready(side)
        )();
        await removeStored();
      }
      // The order turns each run (and reverses every other turn): a machine that slows down or
      // speeds up during the bench favours no side.
      const order: Side[] = ['raw', 'tus', 'rawBuffered'];
      for (let run = 0; run < RUNS; run++) {
        const turned = [...order.slice(run % 3), ...order.slice(0, run % 3)];
        for (const side of Math.floor(run / 3) % 2 ? turned.reverse() : turned) {
          const pid = side === 'tus' ? entry.child.pid : raw.child.pid;
          const { ms, cpu } = await timed(pid, await ready(side));
          sides[side].ms.push(ms);
          sides[side].cpu.push(cpu);
          await removeStored();
        }
      }
      const rate = (ms: number) => SIZE / 1e6 / (ms / 1000);
      for (const [side, { ms, cpu }] of Object.entries(sides)) {
        console.error(
          `  ${side} ms: ${ms.map(Math.round).join(', ')}; server CPU ms (10 ms ticks): ${cpu.join(', ')}`,
        );
      }
      // Each run's uploads ran back to back: their ratios vary less than the medians' when the
      // machine's speed changes during the bench.
      for (const side of ['raw', 'rawBuffered'] as const) {
        const ratios = sides.tus.ms.map((ms, run) => sides[side].ms[run]! / ms);
        console.error(
          `  ${side} ms / tus ms, run by run: ${ratios.map((r) => r.toFixed(2)).join(', ')}` +
            ` (median ${median(ratios).toFixed(2)})`,
        );
      }
      const scenario = `${MB} MB upload, tus route, ${CHUNK / 1024 / 1024} MiB chunks (disk store), median of ${RUNS}`;
      rows.push(
        {
          scenario,
          figure: rate(median(sides.tus.ms)),
          baseline: rate(median(sides.raw.ms)),
          unit: 'MB/s',
          baselineName: 'one raw PUT to a bare Fastify route, to disk',
        },
        {
          scenario,
          figure: rate(median(sides.tus.ms)),
          baseline: rate(median(sides.rawBuffered.ms)),
          unit: 'MB/s',
          baselineName: `the same raw PUT written through a ${WRITE_BUFFER / 1024 / 1024} MiB buffer, as Tideline's disk store writes`,
        },
      );

      if (LOOPBACK_ONLY) return rows;
      // The same over a link of LINK_MBIT (both through the same kind of throttling proxy).
      const linkRate = (LINK_MBIT * 1e6) / 8;
      const tusLink = await countingProxy(() => Number(env.PORT), linkRate);
      const rawLink = await countingProxy(() => raw.port, linkRate);
      try {
        const linkEndpoint = `http://127.0.0.1:${tusLink.port}${AttachmentPaths.uploads}`;
        const tusSlow: number[] = [];
        const putSlow: number[] = [];
        for (let run = 0; run < LINK_RUNS; run++) {
          putSlow.push(await rawPut(rawLink.port, bytes));
          const { notebookId } = await tideline.notebook();
          tusSlow.push(await tusUpload(linkEndpoint, tideline, notebookId, bytes, sha256));
        }
        console.error(
          `  over ${LINK_MBIT} Mbit/s: tus ms: ${tusSlow.map(Math.round).join(', ')}; ` +
            `raw PUT ms: ${putSlow.map(Math.round).join(', ')}`,
        );
        rows.push({
          scenario: `${MB} MB upload over a ${LINK_MBIT} Mbit/s link, tus route, median of ${LINK_RUNS}`,
          figure: rate(median(tusSlow)),
          baseline: rate(median(putSlow)),
          unit: 'MB/s',
          baselineName: 'one raw PUT, same link',
        });
      } finally {
        tusLink.server.close();
        rawLink.server.close();
      }
    } finally {
      raw.child.kill('SIGTERM');
      entry.child.kill('SIGTERM');
      await entry.exited;
      if (LOOPBACK_ONLY) removeTempDirs();
    }

    const s3 = await startS3Server('tideline-bench');
    try {
      for (const [store, config] of [
        ['disk', undefined],
        ['S3', s3.s3],
      ] as const) {
        const { resent, overhead } = await resentAfterKill(bytes, sha256, config);
        console.error(`  ${store}: request overhead without a kill ${overhead} bytes`);
        rows.push({
          scenario: `bytes re-sent after a server kill at 50 %, mid-chunk (${store} store)`,
          figure: resent / 1024 / 1024,
          baseline: CHUNK / 1024 / 1024,
          unit: 'MiB',
          baselineName: 'one chunk',
        });
      }
    } finally {
      await s3.close();
      removeTempDirs();
    }
    return rows;
  },
};
