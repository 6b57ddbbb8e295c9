// The page side of the service worker: registration through workbox-window, the worker's state
// for the status area, and the "Update available — reload" flow.
//
//   unsupported                    (no serviceWorker in navigator, or not a secure context)
//   registering → installing → ready (controls this page; the shell opens offline)
//                              ↘ error
//   ready + updateAvailable        a new build is installed and waiting; applyUpdate() activates
//                                  it and reloads once it controls the page
import { Workbox } from 'workbox-window';
import {
  PageMessageType,
  parseVersionReply,
  type PageMessage,
  type VersionReply,
} from '../protocol/serviceWorkerMessages';
import { Store } from './Store';
import { finishSyncForUpdate } from './sync';

export type WorkerStatus = 'unsupported' | 'registering' | 'installing' | 'ready' | 'error';

export interface ServiceWorkerState {
  status: WorkerStatus;
  updateAvailable: boolean;
  error?: string;
}

export const serviceWorkerStore = new Store<ServiceWorkerState>({
  status: 'registering',
  updateAvailable: false,
});

let workbox: Workbox | undefined;

export async function registerServiceWorker(url = '/sw.js'): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    serviceWorkerStore.update({ status: 'unsupported' });
    return;
  }
  workbox = new Workbox(url);
  workbox.addEventListener('installing', () => serviceWorkerStore.update({ status: 'installing' }));
  workbox.addEventListener('waiting', () => serviceWorkerStore.update({ updateAvailable: true }));
  workbox.addEventListener('activated', () => serviceWorkerStore.update({ status: 'ready' }));
  try {
    const registration = await workbox.register();
    if (navigator.serviceWorker.controller && registration?.active) {
      serviceWorkerStore.update({ status: 'ready' });
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
  target.addEventListener('controlling', () => window.location.reload());
  await finishSyncForUpdate();
  // workbox-window's messageSkipWaiting() posts PageMessageType.SkipWaiting to the waiting worker.
  target.messageSkipWaiting();
}

export type WorkerVersion = VersionReply;

/** The build the controlling service worker runs, or undefined when no worker controls the page. */
export async function controllingWorkerVersion(): Promise<WorkerVersion | undefined> {
  if (!workbox || !navigator.serviceWorker.controller) return undefined;
  const message: PageMessage = { type: PageMessageType.GetVersion };
  return parseVersionReply(await workbox.messageSW(message));
}
