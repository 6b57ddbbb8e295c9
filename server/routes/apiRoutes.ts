// Every API area, mounted under /api. Each area is one plugin in this folder;
// add new ones (accounts, sync, events, push) here.
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './adminRoutes.js';
import type { ApiContext } from './ApiContext.js';
import { authRoutes } from './authRoutes.js';
import { eventRoutes } from './eventRoutes.js';
import { filesRoutes } from '../files/filesRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { notebookRoutes } from './notebookRoutes.js';
import { passwordResetRoutes } from './passwordResetRoutes.js';
import { pushRoutes } from './pushRoutes.js';
import { syncRoutes } from './syncRoutes.js';

export const apiRoutes: FastifyPluginAsync<ApiContext> = async (app, options) => {
  // Pass on only the context: Fastify's own options (prefix…) must not be inherited.
  const context: ApiContext = {
    config: options.config,
    database: options.database,
    version: options.version,
    events: options.events,
    push: options.push,
  };
  await app.register(healthRoutes, context);
  await app.register(authRoutes, context);
  await app.register(passwordResetRoutes, context);
  await app.register(eventRoutes, context);
  await app.register(notebookRoutes, context);
  await app.register(syncRoutes, context);
  await app.register(pushRoutes, context);
  await app.register(adminRoutes, context);
  await app.register(filesRoutes, context);
};
