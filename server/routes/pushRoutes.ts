// The Web Push API: the server's VAPID public key, and saving, replacing and deleting the
// calling device's push subscription (it belongs to the session that saves it), and which
// notebooks that device is not alerted about (muted per session). Also wakes the
// dispatcher when any instance announces a change, so jobs it enqueued go out at once.
import type { FastifyPluginAsync } from 'fastify';
import {
  deletePushSubscriptionRequestSchema,
  notebookAlertsParamsSchema,
  notebookAlertsRequestSchema,
  savePushSubscriptionRequestSchema,
  type MutedNotebooksResponse,
  type PushKeyResponse,
} from '../../src/protocol/push.js';
import { authenticate } from '../auth/authenticate.js';
import { listMutedNotebooks, setNotebookAlerts } from '../push/mutedNotebooks.js';
import { deleteSubscription, saveSubscription } from '../push/subscriptions.js';
import { validateSubscription } from '../push/validateSubscription.js';
import type { ApiContext } from './ApiContext.js';

export const pushRoutes: FastifyPluginAsync<ApiContext> = async (
  app,
  { database, config, events, push },
) => {
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'poke') push.wake();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await push.stop();
  });

  app.get('/push/key', async (request): Promise<PushKeyResponse> => {
    await authenticate(request, database, config.publicOrigin);
    return { publicKey: await push.publicKey() };
  });

  app.put('/push/subscription', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const body = savePushSubscriptionRequestSchema.parse(request.body);
    const subscription = await validateSubscription(body.subscription, push.policy);
    await saveSubscription(
      database,
      { userId: auth.user.id, sessionId: auth.session.id },
      subscription,
      body.replacesEndpoint,
    );
    request.log.info(
      {
        event: 'push.subscribed',
        host: subscription.host,
        replaced: body.replacesEndpoint !== undefined,
      },
      'push subscription saved',
    );
    reply.code(204);
  });

  app.delete('/push/subscription', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { endpoint } = deletePushSubscriptionRequestSchema.parse(request.body);
    await deleteSubscription(database, auth.user.id, endpoint);
    reply.code(204);
  });

  app.get('/push/notebooks', async (request): Promise<MutedNotebooksResponse> => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const owner = { userId: auth.user.id, sessionId: auth.session.id };
    return { muted: await listMutedNotebooks(database, owner) };
  });

  app.put('/push/notebooks/:notebookId', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    const { notebookId } = notebookAlertsParamsSchema.parse(request.params);
    const { alerts } = notebookAlertsRequestSchema.parse(request.body);
    const owner = { userId: auth.user.id, sessionId: auth.session.id };
    await setNotebookAlerts(database, owner, notebookId, alerts);
    reply.code(204);
  });
};
