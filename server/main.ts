// The server's entry point (`npm start`, `node dist-server/server/main.js`):
// configuration from the environment, start, and stop cleanly on SIGTERM/SIGINT.
// A failure to start is one line on stderr, `tideline: <what to do>`, and exit 1.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';
import { startServer } from './startServer.js';
import type { RunningServer } from './startServer.js';

export { startServer } from './startServer.js';
export type { RunningServer, StartServerOptions } from './startServer.js';

/** How long requests in flight get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

function reportStartupFailure(error: unknown): void {
  if (error instanceof StartupError) {
    console.error(`tideline: ${error.message}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    `tideline: unexpected error while starting: ${message.replace(/\s+/g, ' ')} (set LOG_LEVEL=debug to see where)`,
  );
  if (/^(debug|trace)$/i.test(process.env.LOG_LEVEL ?? '') && error instanceof Error) {
    console.error(error.stack);
  }
}

/**
 * A repeat signal sooner than this is the same request arriving twice: Ctrl-C
 * reaches every process in the terminal's group, and `npm start` and
 * scripts/start.mjs each forward it to the server as well.
 */
const REPEAT_SIGNAL_MS = 1_000;

function stopOnSignals(server: RunningServer): void {
  const log = server.app.log;
  let firstSignalAt: number | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < REPEAT_SIGNAL_MS) return;
      log.warn({ signal }, `Received ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, `Received ${signal}: shutting down after requests in flight finish`);
    setTimeout(() => {
      log.error(`Shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000}s: exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();

    server.close().then(
      () => {
        log.info('Tideline stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Runs the server as a process: what `node dist-server/server/main.js` does. */
export async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(loadConfig(process.env));
  } catch (error) {
    reportStartupFailure(error);
    process.exit(1);
  }
  stopOnSignals(server);
}

function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

if (isEntryPoint(import.meta.url)) void main();
