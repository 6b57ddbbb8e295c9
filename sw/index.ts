// Tideline's service worker: wires listeners to the module that owns each concern.
//   precache.ts       precached shell, offline navigation fallback
//   messages.ts       page ⇄ worker messages (update prompt, version)
//   outboxDelivery.ts the Workbox queue that delivers the outbox offline writes left behind
//   backgroundSync.ts `sync` / `periodicsync`
//   push.ts           `push`, `notificationclick`
import { onPeriodicSync, onSync } from './backgroundSync';
import { onMessage } from './messages';
import { requeueUndelivered, setUpOutboxDelivery } from './outboxDelivery';
import { setUpPrecache } from './precache';
import { onNotificationClick, onPush } from './push';
import { sw } from './scope';

setUpPrecache();
setUpOutboxDelivery();

sw.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([sw.clients.claim(), requeueUndelivered()])),
);
sw.addEventListener('message', onMessage);
sw.addEventListener('sync', onSync);
sw.addEventListener('periodicsync', onPeriodicSync);
sw.addEventListener('push', onPush);
sw.addEventListener('notificationclick', onNotificationClick);
