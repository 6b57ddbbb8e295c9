// What every API route plugin is given: its dependencies, passed explicitly as
// plugin options rather than hung on the Fastify instance.
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { EventBus } from '../events/EventBus.js';
import type { PushDelivery } from '../push/PushDelivery.js';

export interface ApiContext {
  config: Config;
  database: DatabaseHandle;
  /** The running build's version (package.json). */
  version: string;
  /** Pokes and membership changes, delivered to every server instance. */
  events: EventBus;
  /** Web Push: keys, subscription policy, fan-out and the dispatcher. */
  push: PushDelivery;
}
