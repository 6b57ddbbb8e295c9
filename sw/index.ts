// Tideline's service worker: wires listeners to the module that owns each concern.
//   precache.ts       precached shell, offline navigation fallback
//   messages.ts       page ⇄ worker messages (update prompt, version)
//   backgroundSync.ts `sync` / `periodicsync`
//   push.ts           `push`, `notificationclick`
import { onPeriodicSync, onSync } from './backgroundSync';
import { onMessage } from './messages';
import { setUpPrecache } from './precache';
import { onNotificationClick, onPush } from './push';
import { sw } from './scope';

setUpPrecache();

sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
sw.addEventListener('message', onMessage);
sw.addEventListener('sync', onSync);
sw.addEventListener('periodicsync', onPeriodicSync);
sw.addEventListener('push', onPush);
sw.addEventListener('notificationclick', onNotificationClick);
