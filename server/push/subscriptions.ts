// Storing and removing push subscriptions. A session keeps at most one subscription (one
// browser profile has one push subscription per service worker): saving another replaces it in
// place, as does saving with `replacesEndpoint` after the browser rotated the subscription, so
// pokes already queued for the device follow it to the new endpoint.
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../db/DatabaseHandle.js';
import type { ValidSubscription } from './validateSubscription.js';

export interface SubscriptionOwner {
  userId: string;
  sessionId: string;
}

export async function saveSubscription(
  database: DatabaseHandle,
  owner: SubscriptionOwner,
  subscription: ValidSubscription,
  replacesEndpoint: string | undefined,
  now = Date.now(),
): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    // The same browser signed in as someone else before: that account's queued pokes (which name
    // its notebooks) must not reach this one, so its row goes rather than being taken over.
    await tx
      .deleteFrom('push_subscriptions')
      .where('endpoint', '=', subscription.endpoint)
      .where('user_id', '<>', owner.userId)
      .execute();

    const mine = await tx
      .selectFrom('push_subscriptions')
      .select(['id', 'endpoint', 'session_id'])
      .where('user_id', '=', owner.userId)
      .where((eb) =>
        eb.or([
          eb('endpoint', '=', subscription.endpoint),
          eb('session_id', '=', owner.sessionId),
          ...(replacesEndpoint !== undefined ? [eb('endpoint', '=', replacesEndpoint)] : []),
        ]),
      )
      .execute();
    const kept =
      mine.find((row) => row.endpoint === subscription.endpoint) ??
      mine.find((row) => row.endpoint === replacesEndpoint) ??
      mine.find((row) => row.session_id === owner.sessionId);
    const others = mine.filter((row) => row !== kept).map((row) => row.id);
    if (others.length > 0) {
      await tx.deleteFrom('push_subscriptions').where('id', 'in', others).execute();
    }

    const fields = {
      session_id: owner.sessionId,
      endpoint: subscription.endpoint,
      p256dh: subscription.p256dh,
      auth: subscription.auth,
      expiration_time: subscription.expirationTime,
      updated_at: now,
    };
    if (kept !== undefined) {
      await tx.updateTable('push_subscriptions').set(fields).where('id', '=', kept.id).execute();
    } else {
      await tx
        .insertInto('push_subscriptions')
        .values({ id: randomUUID(), user_id: owner.userId, created_at: now, ...fields })
        .execute();
    }
  });
}

/** Removes the user's subscription with that endpoint; false when there was none. */
export async function deleteSubscription(
  database: DatabaseHandle,
  userId: string,
  endpoint: string,
): Promise<boolean> {
  const result = await database.db
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
