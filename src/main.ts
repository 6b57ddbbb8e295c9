// The page's entry: the shell and what a first paint needs, nothing more. It listens for the
// install prompt first (it can fire as soon as the page has loaded), applies the theme, defines
// the shell, starts navigation and connectivity tracking, registers the service worker, follows
// clicked notifications, then starts the session. The database, zod and the sync engine are not
// imported here: the session loads them once someone is signed in (a cached user, or the server
// says so), and with them the signed-in services — sync, the event stream that pokes it, the app
// badge, background refresh, interrupted recordings, attachment uploads
// (app/signedInServices.ts). A signed-out first visit downloads the shell and the page it opens.
import './components/tl-app';
import { router } from './router/router';
import { followAlertClicks } from './app/alertClicks';
import { watchConnectivity } from './app/connectivity';
import { watchInstall } from './app/install';
import { registerServiceWorker } from './app/serviceWorker';
import { startSession } from './app/session';
import { startTheme } from './app/theme';

watchInstall();
startTheme();
router.start();
watchConnectivity();
void registerServiceWorker();
followAlertClicks();
void startSession();
