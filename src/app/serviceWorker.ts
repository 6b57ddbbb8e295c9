// The page side of the service worker: registration through workbox-window, the worker's state
// for the status area, and the "Update available — reload" flow. Part of the shell, so the sync
// engine and zod are imported only on the way to an update or a version check.
//
//   unsupported                    (no serviceWorker in navigator, or not a secure context)
//   registering → installing → ready (controls this page; the shell opens offline)
//                              ↘ error
//   ready + updateAvailable        a new build is installed and waiting; applyUpdate() activates
//                                  it and reloads once it controls the page
import { Workbox } from 'workbox-window';
import type { PageMessage, VersionReply } from '../protocol/serviceWorkerMessages';
import { PageMessageType } from '../protocol/serviceWorkerMessageTypes';
import { Store } from './Store';

export type WorkerStatus = 'unsupported' | 'registering' | 'installing' | 'ready' | 'error';

export interface ServiceWorkerState {
  status: WorkerStatus;
  updateAvailable: boolean;
  /** A build was just installed or updated in this page: "Ready to work offline" is worth saying
   *  for a moment; on every later open it goes without saying. */
  justInstalled?: boolean;
  error?: string;
}

export const serviceWorkerStore = new Store<ServiceWorkerState>({
  status: 'registering',
  updateAvailable: false,
});

/** How long "Ready to work offline" stays after an install or update. */
const JUST_INSTALLED_MS = 20_000;

/** Set by applyUpdate just before its reload, so the reloaded page says the update is ready. */
const UPDATED_KEY = 'tideline:updated';

let workbox: Workbox | undefined;

/** "Ready to work offline", for a moment after an install or an update. */
function announceReady(): void {
  serviceWorkerStore.update({ status: 'ready', justInstalled: true });
  setTimeout(() => serviceWorkerStore.update({ justInstalled: false }), JUST_INSTALLED_MS);
}

export async function registerServiceWorker(url = '/sw.js'): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    serviceWorkerStore.update({ status: 'unsupported' });
    return;
  }
  workbox = new Workbox(url);
  workbox.addEventListener('installing', () => serviceWorkerStore.update({ status: 'installing' }));
  workbox.addEventListener('waiting', () => serviceWorkerStore.update({ updateAvailable: true }));
  workbox.addEventListener('activated', announceReady);
  try {
    const registration = await workbox.register();
    if (navigator.serviceWorker.controller && registration?.active) {
      serviceWorkerStore.update({ status: 'ready' });
      // Reloaded by applyUpdate: the new build is what is ready now; say so once.
      if (sessionStorage.getItem(UPDATED_KEY) !== null) {
        sessionStorage.removeItem(UPDATED_KEY);
        announceReady();
      }
    }
    if (registration?.waiting && navigator.serviceWorker.controller) {
      serviceWorkerStore.update({ updateAvailable: true });
    }
  } catch (error) {
    serviceWorkerStore.update({
      status: 'error',
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate();
  });
}

/** Asks the browser to fetch the service worker script again and install a newer build. */
async function checkForUpdate(): Promise<void> {
  await workbox?.update();
}

/**
 * Activates the waiting build and reloads the page once it is in control — after the sync run in
 * flight has finished, so an update never cuts a sync off (the worker waits for the sync lock
 * too; see sw/messages.ts).
 */
export async function applyUpdate(): Promise<void> {
  if (!workbox) return;
  const target = workbox;
  target.addEventListener('controlling', () => {
    sessionStorage.setItem(UPDATED_KEY, '1');
    window.location.reload();
  });
  const { finishSyncForUpdate } = await import('./sync');
  await finishSyncForUpdate();
  // workbox-window's messageSkipWaiting() posts PageMessageType.SkipWaiting to the waiting worker.
  target.messageSkipWaiting();
}

export type WorkerVersion = VersionReply;

/** The build the controlling service worker runs, or undefined when no worker controls the page. */
export async function controllingWorkerVersion(): Promise<WorkerVersion | undefined> {
  if (!workbox || !navigator.serviceWorker.controller) return undefined;
  const message: PageMessage = { type: PageMessageType.GetVersion };
  const [{ parseVersionReply }, reply] = await Promise.all([
    import('../protocol/serviceWorkerMessages'),
    workbox.messageSW(message),
  ]);
  return parseVersionReply(reply);
}
