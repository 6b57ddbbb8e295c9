// Storing and removing push subscriptions. A session keeps at most one subscription (one
// browser profile has one push subscription per service worker): saving another replaces it in
// place, as does saving with `replacesEndpoint` after the browser rotated the subscription, so
// pokes already queued for the device follow it to the new endpoint.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors.js';
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
    // The endpoint is registered to another account. If this is the same browser (signed in as
    // someone else before), it holds the same keys: that account's row goes, so its queued pokes
    // (which name its notebooks) never reach this one. Anyone else who merely knows the endpoint
    // URL cannot remove or take over the other account's subscription.
    const theirs = await tx
      .selectFrom('push_subscriptions')
      .select(['id', 'p256dh', 'auth'])
      .where('endpoint', '=', subscription.endpoint)
      .where('user_id', '<>', owner.userId)
      .executeTakeFirst();
    if (theirs !== undefined) {
      if (!sameKeys(theirs, subscription)) throw endpointTaken();
      await tx.deleteFrom('push_subscriptions').where('id', '=', theirs.id).execute();
    }

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

function sameKeys(row: { p256dh: string; auth: string }, subscription: ValidSubscription): boolean {
  const equal = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  // Both compared, always: the answer's timing says nothing about which differed.
  const p256dh = equal(row.p256dh, subscription.p256dh);
  const auth = equal(row.auth, subscription.auth);
  return p256dh && auth;
}

function endpointTaken(): ApiError {
  return new ApiError(
    409,
    'subscription-taken',
    'That push subscription belongs to another account. Unsubscribe in this browser and subscribe again.',
  );
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
