// The sync API: POST /api/sync/push, POST /api/sync/pull, an entry's history and a notebook's
// recently deleted entries. Push pokes
// for teammates' devices are queued in the push's transaction and sent after it commits.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { entryHistoryQuerySchema, type EntryHistoryResponse } from '../../src/protocol/entry.js';
import { uuidSchema } from '../../src/protocol/ids.js';
import { trashQuerySchema, type TrashResponse } from '../../src/protocol/trash.js';
import {
  pullRequestSchema,
  pushRequestSchema,
  type PullResponse,
  type PushResponse,
} from '../../src/protocol/sync.js';
import { authenticate } from '../auth/authenticate.js';
import type { QueuedPokes } from '../push/PushDelivery.js';
import { announceEffects } from '../sync/announceEffects.js';
import { applyPush } from '../sync/applyPush.js';
import { entryHistory } from '../sync/entryHistory.js';
import { listTrash } from '../sync/listTrash.js';
import { pullChanges } from '../sync/pullChanges.js';
import { purgeTombstones } from '../sync/purgeTombstones.js';
import type { ApiContext } from './ApiContext.js';

/** How often old tombstones are looked for. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

const historyParams = z.object({ notebookId: uuidSchema, entryId: uuidSchema }).strict();
const trashParams = z.object({ notebookId: uuidSchema }).strict();

export const syncRoutes: FastifyPluginAsync<ApiContext> = async (
  app,
  { database, config, events, push },
) => {
  const purge = async () => {
    try {
      const result = await purgeTombstones(database, config.tombstoneTtlMs);
      if (result.tombstones > 0) app.log.info(result, 'purged old tombstones');
    } catch (error) {
      app.log.error({ err: error }, 'purging tombstones failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => void purge(), PURGE_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  app.post('/sync/push', async (request): Promise<PushResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const body = pushRequestSchema.parse(request.body);
    const writer = { sessionId: auth.session.id, name: auth.user.name };
    let queued: QueuedPokes | undefined;
    const { response, effects } = await applyPush(database, auth.user.id, body, {
      maxUploadBytes: config.files.maxUploadBytes,
      beforeCommit: async (tx, changed) => {
        queued = await push.enqueueIn(
          tx,
          changed.filter((effect) => effect.notebook !== 'deleted'),
          writer,
        );
      },
    });
    // Before the event-stream pokes, so an instance woken by one finds the jobs there.
    if (queued) push.queued(queued);
    try {
      await announceEffects(database, events, effects, {
        userId: auth.user.id,
        clientId: body.clientId,
      });
    } catch (error) {
      // The push is committed; a lost poke only delays other devices until their next pull.
      request.log.warn({ err: error }, 'could not announce a push');
    }
    return response;
  });

  app.post('/sync/pull', async (request): Promise<PullResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const body = pullRequestSchema.parse(request.body);
    return pullChanges(database, auth.user.id, body);
  });

  app.get(
    '/notebooks/:notebookId/entries/:entryId/history',
    async (request): Promise<EntryHistoryResponse> => {
      const auth = await authenticate(request, database, config.publicOrigin);
      const { notebookId, entryId } = historyParams.parse(request.params);
      const query = entryHistoryQuerySchema.parse(request.query);
      return entryHistory(database, auth.user.id, notebookId, entryId, query);
    },
  );

  app.get('/notebooks/:notebookId/trash', async (request): Promise<TrashResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { notebookId } = trashParams.parse(request.params);
    const query = trashQuerySchema.parse(request.query);
    return listTrash(database, auth.user.id, notebookId, query, config.tombstoneTtlMs);
  });
};
