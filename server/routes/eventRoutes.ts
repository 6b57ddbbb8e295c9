// /api/events: the Server-Sent Events stream that tells an open app which of its notebooks moved
// (`poke`) and when its own membership changed (`membership`); the app then pulls.
//
// Reconnecting: EventSource sends Last-Event-ID; ids continue from it, and the stream always
// starts with a poke at the current version of every notebook the user is a member of. That
// replay is a superset of whatever was missed while disconnected (pokes are idempotent hints),
// so nothing depends on which instance served the earlier connection.
//
// The body is a stream handed to Fastify (not a hijacked response), so the usual response hooks
// still add the security headers and log the request when it ends. The stream ends when the
// client goes away, when its session ends (sign-out, revocation, expiry; on every instance, through
// the event bus), and every open one is ended before the server closes (preClose), so a graceful
// shutdown is not held up by them. How many may be open: EventStreamRegistry.ts.
import type { FastifyPluginAsync } from 'fastify';
import { authenticate } from '../auth/authenticate.js';
import { EventStream } from '../events/EventStream.js';
import { EventStreamRegistry } from '../events/EventStreamRegistry.js';
import { nextEventId } from '../events/sseFrame.js';
import type { ApiContext } from './ApiContext.js';

/** A comment this often keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** How long EventSource waits before reconnecting after the stream ends. */
export const RETRY_MS = 3_000;

export interface EventRoutesOptions extends ApiContext {
  heartbeatMs?: number;
  retryMs?: number;
}

export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (app, options) => {
  const { database, config, events } = options;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const retryMs = options.retryMs ?? RETRY_MS;
  const open = new EventStreamRegistry(config.eventStreamsMax);

  app.addHook('preClose', async () => open.closeAll());

  app.get('/events', async (request, reply) => {
    const auth = await authenticate(request, database, config.publicOrigin);
    open.admit(auth.user.id, auth.session.id);
    const stream = new EventStream({
      database,
      events,
      userId: auth.user.id,
      sessionId: auth.session.id,
      heartbeatMs,
      retryMs,
      firstId: nextEventId(request.headers['last-event-id']),
      log: request.log,
    });
    // A stream is quiet between events: the idle timeout (http/connectionOptions.ts) is not for
    // it. The heartbeat keeps proxies from closing it, and a client that stops reading is cut
    // off by the stream's buffer limit.
    // (inject()'s stand-in socket has no timer.)
    if (typeof request.raw.socket?.setTimeout === 'function') request.raw.socket.setTimeout(0);
    open.add(stream, auth.user.id, auth.session.id);
    stream.start();
    return reply
      .headers({
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx and similar proxies would otherwise hold events back in a buffer.
        'x-accel-buffering': 'no',
      })
      .send(stream.body);
  });
};
