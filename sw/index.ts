// Tideline's service worker: wires listeners to the module that owns each concern.
//   precache.ts       precached shell, offline navigation fallback
//   messages.ts       page ⇄ worker messages (update prompt, version)
//   outboxDelivery.ts the Workbox queue that delivers the outbox offline writes left behind
//   backgroundSync.ts `sync`
//   periodicSync.ts   `periodicsync`
//   push.ts           `push`, `pushsubscriptionchange`
//   notifications.ts  `notificationclick`
//   uploads.ts        attachment uploads on `sync` (tag tideline-uploads) and at start
//   offlineFiles.ts   after a background pull, files of notebooks kept offline (push, periodicsync)
//   backgroundFetch.ts large files the browser downloaded through Background Fetch
// First: configures zod before any schema is built (see zodConfig.ts).
import '../src/protocol/zodConfig';
import { onSync } from './backgroundSync';
import {
  onBackgroundFetchClick,
  onBackgroundFetchFail,
  onBackgroundFetchSuccess,
} from './backgroundFetch';
import { onMessage } from './messages';
import { onNotificationClick } from './notifications';
import { requeueUndelivered, setUpOutboxDelivery } from './outboxDelivery';
import { onPeriodicSync } from './periodicSync';
import { setUpPrecache } from './precache';
import { onPush, onPushSubscriptionChange } from './push';
import { sw } from './scope';
import { resumeUploadsAtStart } from './uploads';

setUpPrecache();
setUpOutboxDelivery();
resumeUploadsAtStart();

sw.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([sw.clients.claim(), requeueUndelivered()])),
);
sw.addEventListener('message', onMessage);
sw.addEventListener('sync', onSync);
sw.addEventListener('periodicsync', onPeriodicSync);
sw.addEventListener('push', onPush);
sw.addEventListener('pushsubscriptionchange', onPushSubscriptionChange);
sw.addEventListener('notificationclick', onNotificationClick);
sw.addEventListener('backgroundfetchsuccess', onBackgroundFetchSuccess);
sw.addEventListener('backgroundfetchfail', onBackgroundFetchFail);
sw.addEventListener('backgroundfetchclick', onBackgroundFetchClick);
