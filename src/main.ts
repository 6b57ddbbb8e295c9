// The page's entry: listens for the install prompt first (it can fire as soon as the page has
// loaded), applies the theme, defines the shell, starts navigation and connectivity tracking,
// registers the service worker, then the session — which starts syncing once someone is signed
// in — and the event stream that pokes sync while the page is open. Downloads too large for the
// page's thread go to the sync worker (app/largeDownload.ts).
// First: configures zod before any schema is built (see zodConfig.ts).
import './protocol/zodConfig';
import './components/tl-app';
import { router } from './router/router';
import { followAlertClicks, watchUnreadBadge } from './app/alerts';
import { applyBackgroundRefresh } from './app/backgroundRefresh';
import { watchConnectivity } from './app/connectivity';
import { startEventStream } from './app/events';
import { watchInstall } from './app/install';
import { handLargeDownloadsToWorker } from './app/largeDownload';
import { registerServiceWorker } from './app/serviceWorker';
import { startSession } from './app/session';
import { startTheme } from './app/theme';
import { getDb } from './db/db';
import { getTrackRecorder } from './tracks/TrackRecorder';

watchInstall();
startTheme();
router.start();
watchConnectivity();
void registerServiceWorker();
followAlertClicks();
watchUnreadBadge();
void applyBackgroundRefresh();
handLargeDownloadsToWorker();
void startSession();
startEventStream();
// A track recording left by a reload or a crash goes on (with a gap saying the app was closed).
void getTrackRecorder(getDb()).restore();
