// Starts a complete Tideline server in this process: open the database, bring
// its schema up to date, build the app and listen. main.ts calls it for
// `npm start`; tests call it directly (PORT 0 gives a free port).
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/DatabaseHandle.js';
import { migrateToLatest } from './db/migrateToLatest.js';
import { openDatabase } from './db/openDatabase.js';
import type { EventBus } from './events/EventBus.js';
import type { EventBusLog } from './events/EventBusLog.js';
import { openEventBus } from './events/openEventBus.js';
import { listenFailure } from './listenErrors.js';
import { readPackageVersion } from './repoRoot.js';

export interface StartServerOptions {
  /** Fastify's logger setting; defaults to JSON lines at `config.logLevel`. */
  logger?: FastifyServerOptions['logger'];
  /** PostgreSQL only: use (and create) this schema; see OpenDatabaseOptions. */
  pgSchema?: string;
}

export interface RunningServer {
  /** Base URL to reach the server from this machine, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Pokes and membership changes: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite. */
  events: EventBus;
  /**
   * Stops accepting connections, ends open event streams, lets requests in flight finish, then
   * closes the event bus and the database.
   */
  close(): Promise<void>;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

function localUrl(host: string, port: number): string {
  const reachable = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startServer(
  config: Config,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  let app: FastifyInstance | undefined;
  let events: EventBus | undefined;
  const database = await openDatabase(config, {
    ...(options.pgSchema !== undefined ? { pgSchema: options.pgSchema } : {}),
    onIdleError: (error) => app?.log.error({ err: error }, 'an idle database connection failed'),
  });
  // The bus exists before the app (buildApp takes it), so it logs through the app once there is one.
  const eventLog: EventBusLog = {
    info: (details, message) => app?.log.info(details, message),
    warn: (details, message) => app?.log.warn(details, message),
    error: (details, message) => app?.log.error(details, message),
  };

  try {
    const applied = await migrateToLatest(database);
    const version = readPackageVersion();
    events = await openEventBus(database, config.databaseUrl, eventLog);
    app = buildApp({
      config,
      database,
      version,
      events,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrations applied');

    // Fastify logs one "Server listening" line per network interface; the single
    // line below says the same with the facts an operator needs, so quieten it.
    const level = app.log.level;
    app.log.level = level === 'info' ? 'warn' : level;
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      throw listenFailure(error, config.host, config.port);
    } finally {
      app.log.level = level;
    }

    // Web Push: send queued pokes from now on (closing the app stops it).
    await app.push.start();

    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = localUrl(config.host, port);
    app.log.info(
      {
        url,
        host: config.host,
        port,
        database: database.dialect,
        storage: database.describe(),
        version,
      },
      `Tideline listening on ${url}`,
    );

    const running = app;
    const bus = events;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      app: running,
      database,
      events: bus,
      close: () =>
        (closing ??= (async () => {
          try {
            await running.close();
          } finally {
            await bus.close().catch(() => undefined);
            await database.close();
          }
        })()),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await events?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
