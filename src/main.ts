// The page's entry: listens for the install prompt first (it can fire as soon as the page has
// loaded), applies the theme, defines the shell, starts navigation and connectivity tracking,
// registers the service worker, then the session — which starts syncing once someone is signed
// in — and the event stream that pokes sync while the page is open.
import './components/tl-app';
import { router } from './router/router';
import { followAlertClicks, watchUnreadBadge } from './state/alerts';
import { applyBackgroundRefresh } from './state/backgroundRefresh';
import { watchConnectivity } from './state/connectivity';
import { startEventStream } from './state/events';
import { watchInstall } from './state/install';
import { registerServiceWorker } from './state/serviceWorker';
import { startSession } from './state/session';
import { startTheme } from './state/theme';

watchInstall();
startTheme();
router.start();
watchConnectivity();
void registerServiceWorker();
followAlertClicks();
watchUnreadBadge();
void applyBackgroundRefresh();
void startSession();
startEventStream();
