// The page's entry: listens for the install prompt first (it can fire as soon as the page has
// loaded), applies the theme, defines the shell, starts navigation and connectivity tracking,
// registers the service worker, then the session — which starts syncing once someone is signed
// in — and the event stream that pokes sync while the page is open. Downloads too large for the
// page's thread go to the sync worker, and so do attachment uploads (uploadScheduler.ts).
import './components/tl-app';
import { router } from './router/router';
import { followAlertClicks, watchUnreadBadge } from './state/alerts';
import { applyBackgroundRefresh } from './state/backgroundRefresh';
import { watchConnectivity } from './state/connectivity';
import { startEventStream } from './state/events';
import { watchInstall } from './state/install';
import { registerServiceWorker } from './state/serviceWorker';
import { startSession } from './state/session';
import { getSyncEngine } from './state/sync';
import { startTheme } from './state/theme';
import { LARGE_PULL_VERSIONS } from './pages/tl-notebook-page';
import { watchLongJob } from './state/ongoingWork';
import { largePullRunner, runLargeSync } from './workers/syncWorkerClient';
import { startUploadScheduler } from './attachments/uploadScheduler';

watchInstall();
startTheme();
router.start();
watchConnectivity();
void registerServiceWorker();
followAlertClicks();
watchUnreadBadge();
void applyBackgroundRefresh();
getSyncEngine().handLargePullsTo(
  largePullRunner(LARGE_PULL_VERSIONS, () => {
    const job = runLargeSync();
    watchLongJob(job, { label: 'Syncing your notebooks' });
    return job;
  }),
);
void startSession();
startEventStream();
startUploadScheduler();
