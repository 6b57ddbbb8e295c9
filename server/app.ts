// Builds the Fastify application: API routes under /api, the built client with
// its caching rules, security headers, and one error shape for every failure.
// It does not listen; main.ts (or a test) decides where it runs.
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/DatabaseHandle.js';
import type { EventBus } from './events/EventBus.js';
import { InProcessEventBus } from './events/InProcessEventBus.js';
import { replyToClientError, requireHostHeader } from './http/clientErrors.js';
import { installErrorHandler, replyToFrameworkError } from './http/errorHandler.js';
import { installNotFoundHandler } from './http/notFoundHandler.js';
import { PushDelivery, type PushDeliveryOptions } from './push/PushDelivery.js';
import { redactingLogger } from './http/redactingLogger.js';
import { addResponseHeaders, securityHeaders } from './http/responseHeaders.js';
import { installCompression } from './http/compression.js';
import { connectionOptions, type ConnectionTimeouts } from './http/connectionOptions.js';
import { limitConnectionsPerAddress } from './http/limitConnectionsPerAddress.js';
import { isClientBuilt, serveClient } from './http/serveClient.js';
import { readPackageVersion } from './repoRoot.js';
import { apiRoutes } from './routes/apiRoutes.js';

/** Largest request body accepted; sync batches are chunked well below this. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface BuildAppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Fastify's logger setting; defaults to JSON lines at `config.logLevel`. */
  logger?: FastifyServerOptions['logger'];
  /** Reported by /api/health; defaults to package.json's version. */
  version?: string;
  /** Where pokes go; defaults to this process only (right for SQLite, one instance). */
  events?: EventBus;
  /** Replacements for Web Push delivery's DNS, clock and trusted CAs (tests, benchmarks). */
  push?: PushDeliveryOptions;
  /** Shorter connection timeouts (tests); see http/connectionOptions.ts for the defaults. */
  connectionTimeouts?: Partial<ConnectionTimeouts>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Web Push delivery; startServer starts its dispatcher, tests call drainOnce(). */
    push: PushDelivery;
  }
}

export function buildApp({
  config,
  database,
  logger = { level: config.logLevel },
  version = readPackageVersion(),
  events = new InProcessEventBus(),
  push: pushOptions = {},
  connectionTimeouts = {},
}: BuildAppOptions): FastifyInstance {
  const app = Fastify({
    logger: redactingLogger(logger),
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: replyToFrameworkError,
    clientErrorHandler: replyToClientError(securityHeaders(config.publicOrigin)),
    ...connectionOptions(config, connectionTimeouts),
  });
  limitConnectionsPerAddress(app, {
    perAddress: config.connectionsPerAddress,
    trustProxy: config.trustProxy,
    headers: securityHeaders(config.publicOrigin),
  });
  const push = new PushDelivery(
    config.push,
    database,
    app.log.child({ component: 'push' }),
    pushOptions,
  );
  app.decorate('push', push);

  installErrorHandler(app);
  requireHostHeader(app);
  addResponseHeaders(app, config.publicOrigin);
  installCompression(app);

  // Plugins load when the app is readied (inject, listen or ready), so callers
  // may still add routes or hooks to the returned instance.
  void app.register(apiRoutes, { prefix: '/api', config, database, version, events, push });

  const clientBuilt = isClientBuilt(config.staticDir);
  if (clientBuilt) {
    serveClient(app, config.staticDir);
  } else {
    app.log.warn(
      { staticDir: config.staticDir },
      'The web app is not built (no index.html in STATIC_DIR): run npm run build; the API works meanwhile',
    );
  }
  installNotFoundHandler(app, { clientBuilt });

  return app;
}
