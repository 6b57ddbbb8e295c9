// The Tideline server for one chaos run: the compiled server on a fixed port and data directory,
// so the harness can stop and start it again (a restart keeps every committed change) while the
// fault proxy in front of it keeps its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../fixtures/server';

const SERVER_ENTRY = join(ROOT, 'dist-server/server/main.js');

export class ChaosServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<ChaosServer> {
    const server = new ChaosServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'tideline-chaos-')),
    );
    await server.up();
    return server;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** Starts the server process (if it is not running) and waits until it answers. */
  async up(): Promise<void> {
    if (this.running) return;
    this.log = '';
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
        AUTH_ATTEMPTS_PER_IP: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child = child;
    // Generous: on a loaded machine a cold start of Node and the database can take a while.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`the server exited with ${child.exitCode}:\n${this.log}`);
      }
      try {
        if ((await fetch(`${this.baseURL}/api/health`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`the server did not come up:\n${this.log}`);
  }

  /** Stops the process (SIGTERM, as an orchestrator does) and waits for it to exit. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }

  /** What the server wrote to stdout/stderr since it last started. */
  output(): string {
    return this.log;
  }

  async dispose(): Promise<void> {
    await this.down();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
