// The page's entry: defines the shell, starts navigation and connectivity tracking, and registers
// the service worker.
import './components/tl-app';
import { router } from './router/router';
import { watchConnectivity } from './state/connectivity';
import { registerServiceWorker } from './state/serviceWorker';

router.start();
watchConnectivity();
void registerServiceWorker();
