// Attachments' bytes: opens the configured file store, mounts the tus endpoint and the file
// routes, and collects garbage (unreferenced content, expired uploads) every hour.
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../routes/ApiContext.js';
import { collectGarbage } from './collectGarbage.js';
import { fileRoutes } from './fileRoutes.js';
import type { FilesContext } from './FilesContext.js';
import { openFileStore } from './openFileStore.js';
import { uploadRoutes } from './uploadRoutes.js';

const COLLECT_EVERY_MS = 60 * 60 * 1000;

export const filesRoutes: FastifyPluginAsync<ApiContext> = async (app, options) => {
  const context: FilesContext = {
    config: options.config,
    database: options.database,
    version: options.version,
    events: options.events,
    push: options.push,
    store: openFileStore(options.config.files, options.config.dataDir),
  };
  const collect = async () => {
    try {
      const result = await collectGarbage(context.database, context.store, context.config.files);
      if (result.files > 0 || result.uploads > 0) app.log.info(result, 'collected file garbage');
    } catch (error) {
      app.log.error({ err: error }, 'collecting file garbage failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => void collect(), COLLECT_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
  await app.register(uploadRoutes, context);
  await app.register(fileRoutes, context);
};
