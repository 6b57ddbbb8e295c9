// Runs the real entry point (server/main.ts through tsx) as a child process, the
// way `npm start` does, and collects what it prints.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { findRepoRoot } from '../repoRoot.js';

export const REPO_ROOT = findRepoRoot();

export interface EntryProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** Resolves with the first JSON log record whose msg matches, rejects if the process exits first. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
}

// Only what the server reads, so the developer's own PORT or DATABASE_URL can't leak in.
function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR, SystemRoot } = process.env;
  return { PATH, HOME, TMPDIR, SystemRoot, LOG_LEVEL: 'info' };
}

function logRecords(output: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A partial line; the next check sees it whole.
    }
  }
  return records;
}

const running = new Set<ChildProcess>();

/** Kills entry processes a failed test left behind (call it in afterAll). */
export function killEntries(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** `nodeArgs` go to node before the entry (`--cpu-prof`, which NODE_OPTIONS does not take). */
export function runEntry(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): EntryProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );

  const waitForLog = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`No log line matching ${pattern} in ${timeoutMs}ms:\n${out}\n${err}`));
      }, timeoutMs);
      const poll = setInterval(() => {
        const found = logRecords(out).find((r) => typeof r.msg === 'string' && pattern.test(r.msg));
        if (found !== undefined || child.exitCode !== null) {
          clearInterval(poll);
          clearTimeout(timer);
          if (found !== undefined) resolve(found);
          else
            reject(
              new Error(`Exited with ${child.exitCode} before logging ${pattern}:\n${out}\n${err}`),
            );
        }
      }, 25);
    });

  return { child, stdout: () => out, stderr: () => err, exited, waitForLog };
}
