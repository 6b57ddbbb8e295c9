// The page's entry: listens for the install prompt first (it can fire as soon as the page has
// loaded), applies the theme, defines the shell, starts navigation and connectivity tracking,
// registers the service worker, then the session — which starts syncing once someone is signed
// in — and the event stream that pokes sync while the page is open. Downloads too large for the
// page's thread go to the sync worker (app/largeDownload.ts), and so do attachment uploads
// (attachments/uploadScheduler.ts).
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
import { SessionStatus, sessionStore, startSession } from './app/session';
import { startTheme } from './app/theme';
import { getDb } from './db/db';

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

// A voice memo cut short by a crash or a closed tab is saved as soon as someone is signed in
// (its code loads only then, off the first paint).
const stopWaitingForSignIn = sessionStore.subscribe(({ status }) => {
  if (status !== SessionStatus.SignedIn) return;
  stopWaitingForSignIn();
  void import('./media/memos').then((memos) => memos.startMemoEngine());
});

// A track recording left by a reload or a crash goes on (with a gap saying the app was closed);
// the recorder's code loads apart from the first paint.
void import('./tracks/TrackRecorder').then(({ getTrackRecorder }) =>
  getTrackRecorder(getDb()).restore(),
);

// Attachment uploads are started by the sync worker (or, without one, here); the scheduler's
// code loads apart from the first paint.
void import('./app/uploadScheduler').then(({ startUploadScheduler }) =>
  startUploadScheduler(),
);
